/**
 * Function words (and reporting verbs) that never say which story an article reports. Document
 * frequencies would learn that too, but not before the index has seen many articles: on a fresh
 * index every word is rare, and two unrelated reports would match on "the" and "said".
 * One language per line; words shorter than three characters are dropped anyway.
 */
const LISTS = [
  // en
  'the and for that with was are were has have had not but from this they their them there his her its she him who whom which what when where why how been being will would could should can may might must shall also than then into onto over under about after before again more most other some such only own same very just any each few both all nor our out off too yet per via said says say told according mr mrs ms one two new year years last first week day days time people would like get got did does doing made make including while during since because these those here now well even much many way back still another between through against among within without upon around until whose whether either neither every',
  // de
  'der die das und den dem des ein eine einer eines einem einen ist sind war waren wird werden wurde wurden hat haben hatte nicht mit von auf für aus bei nach vor über unter auch als wie noch nur oder aber sich sie ihr ihre ihren seine sein seiner dass zum zur vom beim kann können soll sollen mehr schon sehr diese dieser dieses man wenn dann doch',
  // fr
  'les des une est dans pour par sur avec qui que pas plus son ses aux ont été sont elle ils mais comme tout cette ces leur leurs entre aussi fait très sans sous',
  // es, it, pt
  'los las del una por con para como más pero sus sobre entre este esta está son fue han desde todo también sin hasta cuando porque che della delle degli per con una sono non anche come più alla alle dal dei nel nella questo questa stato essere não uma com para por mais pelo pela',
];

export const STOPWORDS: ReadonlySet<string> = new Set(LISTS.flatMap((l) => l.split(/\s+/)).filter((w) => w.length >= 3));
