/**
 * Rules that tell boilerplate from article text by what a block says, so they work both on HTML
 * blocks and on text copied from a page (where no markup is left). Each rule is phrased for the
 * kind of block it targets, not for any one site.
 */

/** Collapse runs of whitespace and trim. */
export function squash(s: string): string {
  return s.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

export function wordCount(s: string): number {
  const m = s.match(/[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu);
  return m ? m.length : 0;
}

/** Short blocks that are UI chrome whatever the site: buttons, share bars, "Read more". */
const CHROME_LINE =
  /^(?:read more|more|continue reading|read the full (?:story|article)|see (?:also|more)|related(?: articles| stories| posts| content| coverage| news)?|more (?:from|on|stories|news|articles)\b.*|more (?:great |top |popular )?[\w ]{0,20} stories|you (?:may|might) (?:also )?like(?:\.\.\.|…)?|post (?:a )?comment(?: \(\+\))?|view (?:author )?archive|view author archive|e-?mail the author|recommended(?: for you)?|share(?: this(?: article| story| page)?)?(?: on \w+)?|share on \w+|tweet|email|print|facebook|twitter|linkedin|whatsapp|reddit|pinterest|telegram|copy link|comments?|\d+ comments?|leave a (?:comment|reply)|advertisement|advertising|advert|sponsored(?: content)?|ad|don[’']t miss|must read|tell us what you think(?:\.\.\.|…)?|skip (?:to )?(?:main )?content|back to top|menu|search|close|log ?in|sign ?in|sign up|subscribe|subscribe now|register|once|monthly|annual(?:ly)?|yearly|continue|donate(?: now)?|support us|payment methods|paiment methods|remind me later\.?|not ready to support today\??|maybe later|no,? thanks|accept(?: all)?(?: cookies)?|reject all|cookie settings|manage (?:cookies|preferences)|got it|ok|next|previous|prev|home|top stories|trending(?: now)?|most (?:read|popular|viewed)|latest(?: news)?|tags?:?|topics?:?|filed under:?.{0,60}|recent (?:articles|posts|stories)|popular this (?:week|month)|iklan|(?:estimated )?reading time:? .{0,20}|follow us(?: on .*)?|listen(?: to this article)?|watch|video|photo|image|loading\.{0,3}|preview|\d+ min(?:ute)?s? read)\.?!?$/i;

/** Sign-up and subscription boxes. */
const NEWSLETTER =
  /\b(?:sign up (?:for|to) (?:our|the)\b|subscribe to (?:our|the)\b.*\b(?:newsletter|mailing list|updates)|(?:our|the|free|daily|weekly) (?:\w+ )?newsletters?\b.*\b(?:contains|delivered|inbox|mailbox|sign|subscribe)|get (?:our|the) .*newsletter|meet your inbox|subscribe to [\w ]{1,30} and (?:stay|get|never miss)|newsletter sign-?up|never miss (?:the latest|a story)\b.*\bsign|mit unserem newsletter|enter your e-?mail|your e-?mail address|subscribers agree to|by (?:signing up|subscribing),? you agree|privacy policy and terms|you will receive it in your (?:mailbox|inbox)|delivered (?:straight )?to your inbox|unsubscribe at any time)/i;

/** Cookie, consent and paywall notices. */
const NOTICE =
  /\b(?:(?:we|this (?:site|website)) uses? cookies|by (?:continuing to )?(?:using|browsing) (?:this|our) (?:site|website)|accept (?:all )?cookies|cookie policy|you have (?:\d+|one) free articles?|already a subscriber|subscribe (?:now )?(?:for|to) (?:continue|unlimited|full) (?:reading|access)|this (?:article|content) is (?:for|available to) subscribers|to (?:view|read|continue reading) the (?:full|entire|rest of the) (?:story|article),? (?:please )?(?:subscribe|log ?in|sign ?in)|subscribe (?:now )?(?:to [\w ]{1,40} )?for the full (?:story|article)|pour lire la suite|ten tekst przeczytasz|para (?:seguir|continuar) leyendo|cancela cuando quieras|um (?:den artikel )?weiterzulesen|sie sind (?:aktuell |derzeit |nicht )?(?:nicht )?eingeloggt|enthält affiliate[- ]links|(?:verlinkungen|links) handelt es sich um (?:affiliate|provisions)|all rights reserved|©\s?\d{4}|copyright \d{4}|copyright\s*[©ⓒ]|javascript (?:is )?(?:disabled|required)|requires javascript|(?:may )?contains? affiliate (?:and\/or referral )?links|enable javascript|your browser does not support)\b/i;

/** Opening lines of a donation or membership appeal. */
const APPEAL_START =
  /^(?:(?:support|keep|help|fund|back|save|join)\b.{0,50}!$|a message from\b|a note from\b|dear (?:readers?|friends|subscribers)\b|support (?:the |our |independent )?[\w ]{0,40}[!.]?$|(?:please )?(?:consider )?(?:support|donate to|contribute to|become a (?:member|supporter|patron) of) (?:us|our|the|independent)\b|we (?:need|rely on) your (?:help|support)|if you (?:value|like|enjoy|appreciate) (?:our|what|this|the work)|help us\b|(?:before you go|one more thing)\b|thank you for reading\b|you(?:'ve| have) read \d+ articles)/i;

/** Vocabulary of appeals written in prose: counted, since any one word also occurs in news. */
const APPEAL_WORDS =
  /\b(?:support(?:ing|ers?)?|donat(?:e|ion|ions|ing)|contribut(?:e|ion|ions)|subscri(?:be|ption|bers)|member(?:ship)?|independent journalism|journalism|readers|monthly|one-time|paywall|free for (?:all|everyone)|your (?:help|support|generosity)|make a (?:gift|donation|difference)|standing with us|every contribution|no matter how small|keep (?:our|this) journalism|funded by|patreon|\$\s?\d+)\b/gi;

/** "Read also: <other story>" and its equivalents in the languages news sites use most. */
const CROSS_LINK =
  /^(?:read more|read also|also read|see also|see more|more|related|watch|listen|recommended|lea también|lea más|lea|mira|puedes ver|le puede interesar|te puede interesar|lesen sie auch|lesen sie mehr|mehr zum thema|auch interessant|auch lesen|siehe auch|weiterlesen|czytaj też|czytaj także|czytaj więcej|zobacz też|zobacz także|lire aussi|à lire aussi|a lire aussi|voir aussi|leia também|leia mais|veja também|leggi anche|mire|vea también|ver también|related posts?|also|beiträge zum thema|weiterführende links|das könnte dich(?: auch)? interessieren)\s*[:>»|]|^\[(?:related|see also|read more|more)\s*:|^(?:schon gelesen\?|auch auf [\w-]+\.[a-z]{2,}|also on [\w-]+\.[a-z]{2,}\b)/i;

/** Calls to action and author contact lines that end or interrupt articles. */
const CALL_TO_ACTION =
  /\b(?:click(?:ing)? here|follow (?:us|me|him|her|them) on|keep up with (?:me|us) on|nos siga|síguenos|folgen sie uns|like us on facebook|join (?:us|our \w+) on (?:telegram|whatsapp|facebook)|download (?:the|our) \w+ apps?|(?:may|can) be reached at|have a (?:news )?tip\?|send (?:us )?(?:a )?tips? to|copyrighted property|written permission must|may not be (?:re)?published|reproduction (?:is )?prohibited|alle rechte vorbehalten|todos los derechos reservados|tous droits réservés|(?:wie bewerten sie|hier können sie|bewerten sie) (?:diesen|den) artikel|artikel gefallen\?|this entry was posted|dieser eintrag wurde veröffentlicht|materiał chroniony prawem|this post contains references to products|dieser beitrag enthält werbung|wir respektieren deine privatsphäre|hazte miembro|jede kleine spende|do you want to be informed|(?:^|(?<=[.!?]\s))follow [\w.&'’ -]{1,40} on (?:twitter|x|facebook|instagram|linkedin|tiktok|youtube|threads|mastodon|bluesky)\b|submit your letter|(?:nuestro|tenemos|un) canal de (?:telegram|whatsapp|youtube)|war (?:der|dieser) (?:artikel|beitrag) (?:nützlich|hilfreich)|möchten sie (?:den|diesen) (?:artikel|beitrag) teilen|(?:den|diesen) artikel mit anderen teilen|entdecken sie jetzt|like this story\? share it|join our [\w ]{1,30}forums? to|verraten sie (?:uns )?(?:gerne )?in den kommentaren|gefällt (?:dir|ihnen) unser)/i;

/** Short furniture lines in the other languages of the benchmarks (German, Spanish, French, Portuguese, Italian, Polish). */
const CHROME_LINE_INTL =
  /^(?:weitere (?:artikel|informationen|infos|beiträge|nachrichten|themen|meldungen)|neueste (?:artikel|beiträge|nachrichten)|vorschau auf den nächsten (?:artikel|beitrag)|empfohlene (?:beiträge|artikel)|ähnliche (?:artikel|beiträge)|verwandte (?:artikel|themen)|das könnte sie auch interessieren|auch interessant|auch lesen|zum weiterlesen|mehr (?:aus|zum|zu|von) .{0,40}|noch mehr .{0,40}|mehr erfahren|mehr lesen|zurück(?: zu.{0,40})?|kommentare?(?: schreiben| anzeigen)?|kommentieren|teilen|drucken|anzeige|werbung|kontakt|impressum|datenschutz(?:erklärung)?|quellen(?:angaben)?|bildquelle|autor(?:en|in)?|schlagwörter|stichworte|themen|artikel|news|comentarios?|compartir|noticias relacionadas|te puede interesar|le puede interesar|más noticias|partager|commentaires?|articles? similaires|sur le même sujet|compartilhe|comentários|notícias relacionadas|condividi|commenti|articoli correlati|udostępnij|komentarze|podobne artykuły|czytaj (?:też|także|więcej)|źródło|opublikowano|(?:tempo de leitura|tiempo de lectura|temps de lecture|lesezeit|czas czytania)\s*:?\s*.{0,20}|das könnte (?:sie|dich) (?:auch )?interessieren|weiterführende links|beiträge zum thema|weitere beiträge (?:aus|zu|zum|von|der) .{0,40}|kommentieren sie|lade weitere inhalte|quellen (?:ausblenden|anzeigen)|\(?noch keine bewertungen\)?|alle angaben ohne gewähr|externer inhalt|themen im artikel|valora esta noticia)\s*[:!.]?$/i;

/** "Reporting by …; additional reporting by …; Editing by …" and its variants, whole line. */
const WIRE_CREDITS = /^\(?(?:\(?(?:additional )?(?:reporting|writing|editing|compiled|graphics|research)(?: and (?:writing|editing))? by\b[^;)]*[;,.]?\s*(?:and\s+)?)+\)?\.?$/i;

const NAME = String.raw`\p{Lu}[\p{L}.'’-]*(?:\s+(?:de |van |von |da )?\p{Lu}[\p{L}.'’-]*){0,3}`;
/** "Keith Bradsher contributed reporting from Hong Kong.": names only, then the phrase. */
const CONTRIBUTED = new RegExp(String.raw`^${NAME}(?:,\s+${NAME})*(?:,?\s+and\s+${NAME})?\s+contributed (?:reporting|research|to this (?:report|article|story))\b[^.]{0,80}\.?$`, 'u');

/** Headings that open what follows an article (related stories, comments): nothing after them is body. */
export const END_MARKER =
  /^(?:related(?: articles| stories| posts| content| coverage| news)?|more (?:stories|news|articles|from .{1,40}|on this (?:topic|story))|you (?:may|might) (?:also )?like|recommended(?: for you| stories)?|read next|what to read next|comments?|\d+ comments?|leave a (?:comment|reply)|join the (?:conversation|discussion)|trending(?: now)?|most (?:read|popular|viewed)|weitere (?:artikel|beiträge|nachrichten|meldungen)|ähnliche (?:artikel|beiträge)|das könnte sie auch interessieren|mehr zum thema|kommentare|noticias relacionadas|te puede interesar|articles? similaires|sur le même sujet|notícias relacionadas|articoli correlati|podobne artykuły|share this|like this|about the author|über den autor|über die autorin|zur person|teilen mit|gefällt mir|ähnliche beiträge|schreibe einen kommentar|kommentar verfassen|kommentar schreiben|hinterlasse einen kommentar|deja un comentario|laisser un commentaire|à propos de l'auteur|sobre el autor|dodaj komentarz)\s*:?$/i;

export type BlockVerdict = 'chrome' | 'newsletter' | 'notice' | 'appeal-start' | 'appeal' | undefined;

/** Score of appeal vocabulary per 100 words, for telling an appeal from an article about donations. */
export function appealDensity(text: string, words = wordCount(text)): number {
  if (words === 0) return 0;
  const hits = text.match(APPEAL_WORDS)?.length ?? 0;
  const direct = text.match(/\b(?:you|your|we|us|our)\b/gi)?.length ?? 0;
  return ((hits * 2 + direct * 0.5) * 100) / words;
}

const SHORTCODE = /^\[[a-z_-]+(?:\s[^\]]*)?\].*\[\/[a-z_-]+\]$/i;
const TEASER_TAG = /\[(?:VIDEO|VIDEOS|PICS|PICTURES|PHOTOS|INSIGHT|REVEAL|REPORT|POLL|LIVE|LATEST|ANALYSIS|UPDATE)\]/g;

/** Classify one block of text; undefined means it may be article text. */
export function classifyBlock(raw: string): BlockVerdict {
  const text = squash(raw);
  if (!text) return 'chrome';
  const words = wordCount(text);
  // Paragraphs of prose skip the line rules below (all for short blocks): one density check is left.
  if (words > 80) return appealDensity(text, words) >= 28 ? 'appeal' : undefined;
  // The wire-service contributor line: "(Reporting by Jane Doe; Editing by John Roe)", "Jane Doe contributed reporting from Hong Kong."
  if (words <= 60 && (WIRE_CREDITS.test(text) || CONTRIBUTED.test(text))) return 'chrome';
  if (text.charCodeAt(0) === 91 /* [ */ && SHORTCODE.test(text)) return 'chrome';
  // A line of teasers tagged "[VIDEO]", "[INSIGHT]", "[PICTURES]": links to other stories.
  if (text.includes('[') && (text.match(TEASER_TAG)?.length ?? 0) >= 2) return 'chrome';
  if (words <= 8 && (CHROME_LINE.test(text) || CHROME_LINE_INTL.test(text))) return 'chrome';
  if (words <= 30 && CROSS_LINK.test(text)) return 'chrome';
  if (words <= 30 && CALL_TO_ACTION.test(text)) return 'chrome';
  if (NEWSLETTER.test(text)) return 'newsletter';
  if (words <= 60 && NOTICE.test(text)) return 'notice';
  if (words <= 40 && APPEAL_START.test(text)) return 'appeal-start';
  if (words >= 6 && appealDensity(text, words) >= 28) return 'appeal';
  return undefined;
}

/** True for blocks that are never article text. */
export function isBoilerplate(text: string): boolean {
  return classifyBlock(text) !== undefined;
}
