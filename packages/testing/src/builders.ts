import { rng } from '@newsflow/core';

/**
 * Deterministic synthetic news pages for tests and benchmarks: distinct stories (so dedupe keeps
 * them apart), real-looking boilerplate around them, and names the entity stage can find.
 */

const CITIES = ['Lisbon', 'Nairobi', 'Osaka', 'Toronto', 'Krakow', 'Valparaiso', 'Hanoi', 'Tbilisi', 'Accra', 'Bergen', 'Cusco', 'Tampere', 'Izmir', 'Perth', 'Quito', 'Seville'];
const FIRST = ['Amara', 'Bruno', 'Chen', 'Dalia', 'Emil', 'Farah', 'Goran', 'Hana', 'Ivo', 'Jana', 'Kofi', 'Lena', 'Mateo', 'Nadia', 'Omar', 'Priya', 'Rafael', 'Sofia', 'Tariq', 'Ulla'];
const LAST = ['Mensah', 'Kowalski', 'Tanaka', 'Oliveira', 'Haddad', 'Lindgren', 'Novak', 'Reyes', 'Okoro', 'Petrov', 'Varga', 'Moreau', 'Castillo', 'Iyer', 'Brandt', 'Sato'];
const ORGS = ['the Ministry of Transport', 'the National Statistics Office', 'the Port Authority', 'the Central Bank', 'the University Hospital', 'the Energy Regulator', 'the Teachers Union', 'the Chamber of Commerce'];
const TOPICS = ['a new tram line', 'water prices', 'a hospital expansion', 'school funding', 'a port strike', 'wind farm permits', 'rent controls', 'a bridge repair', 'bus fares', 'a flood barrier', 'airport noise', 'a museum reopening'];
const VERBS = ['approved', 'rejected', 'delayed', 'proposed', 'criticised', 'defended', 'reviewed', 'announced'];
const FILLER = [
  'Officials said the plan had been discussed for months before the vote.',
  'Residents who attended the meeting raised concerns about the cost.',
  'The opposition called for an independent review of the figures.',
  'Local businesses said they expected the decision to affect trade.',
  'A spokesperson declined to comment on the timetable.',
  'Critics argued that the consultation had been too short.',
  'Supporters said the change was long overdue.',
  'The budget for the project was revised twice last year.',
  'Engineers warned that work could not begin before the spring.',
  'Union representatives said they would study the proposal in detail.',
];

export { rng };

export interface SyntheticPage {
  url: string;
  site: string;
  title: string;
  author: string;
  html: string;
  /** The article paragraphs, without boilerplate. */
  paragraphs: string[];
}

/** One distinct synthetic article page, as a scraper would deliver it. */
export function syntheticPage(n: number, opts: { seed?: number; site?: string } = {}): SyntheticPage {
  const r = rng((opts.seed ?? 1) * 100_003 + n);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const city = pick(CITIES);
  const person = `${pick(FIRST)} ${pick(LAST)}`;
  const author = `${pick(FIRST)} ${pick(LAST)}`;
  const org = pick(ORGS);
  const topic = pick(TOPICS);
  const verb = pick(VERBS);
  const site = opts.site ?? 'Example Tribune';
  const title = `${city} council ${verb} ${topic} (report ${n})`;
  const numbers = Array.from({ length: 6 }, () => Math.floor(r() * 9000) + 100);
  const paragraphs = [
    `${city.toUpperCase()} — The city council in ${city} on Tuesday ${verb} ${topic}, report number ${n}, after a debate that lasted ${numbers[0]} minutes, council leader ${person} said.`,
    `According to ${org}, the measure will cost about ${numbers[1]} thousand euros and affect ${numbers[2]} households in the ${city} region over the next ${numbers[3] % 20 + 2} years.`,
    ...Array.from({ length: 4 }, (_, i) => `${pick(FILLER)} In item ${n}-${i}, ${person} noted that ${numbers[4]! + i} letters had been received from the public about ${topic}.`),
    `${person} said a final decision on ${topic} in ${city} would be published by ${org} before the end of the month, reference ${numbers[5]}-${n}.`,
  ];
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title} | ${site}</title>
<meta property="og:site_name" content="${site}"><meta name="author" content="${author}">
<meta property="article:published_time" content="2026-11-${String((n % 27) + 1).padStart(2, '0')}T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/subscribe">Subscribe</a></nav>
<article><h1>${title}</h1><p class="byline">By ${author}</p>
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</article><aside class="newsletter">Sign up for our daily newsletter.</aside><footer>© 2026 ${site}</footer></body></html>`;
  return { url: `https://tribune.example/news/${n}-${city.toLowerCase()}`, site, title, author, html, paragraphs };
}
