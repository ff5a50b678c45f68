import { pageIdFor } from '@newsflow/core';

/** One generated page, in the shape `POST /v1/articles` takes. */
export interface Page {
  index: number;
  url: string;
  site: string;
  html: string;
  /** The page id the API will answer with (hash of url + html). */
  pageId: string;
}

const PLACES = ['Lisbon', 'Nairobi', 'Osaka', 'Toronto', 'Krakow', 'Hanoi', 'Accra', 'Bergen', 'Quito', 'Seville', 'Tampere', 'Perth'];
const SUBJECTS = ['a tram line', 'water prices', 'school funding', 'a port strike', 'rent controls', 'bus fares', 'a flood barrier', 'airport noise'];

/**
 * A small news page with a unique URL and a unique story, so dedupe keeps every page apart and a
 * stored row maps back to exactly one submission. `run` keeps pages of two runs distinct.
 */
export function makePage(index: number, run: string): Page {
  const place = PLACES[index % PLACES.length]!;
  const subject = SUBJECTS[Math.floor(index / PLACES.length) % SUBJECTS.length]!;
  const url = `https://faults.example/${run}/story-${index}`;
  const title = `${place} council debates ${subject} (fault run ${run}, story ${index})`;
  const paras = [
    `${place.toUpperCase()} — Councillors in ${place} spent story ${index} of run ${run} arguing over ${subject}, with ${100 + ((index * 37) % 900)} residents watching.`,
    `The proposal number ${index}-${run} would cost ${1000 + ((index * 7919) % 90000)} euros, officials said, and its first phase could start in ${2027 + (index % 5)}.`,
    `Opponents of measure ${run}/${index} said the consultation had been too short and asked for an independent review of the figures before any vote.`,
    `Supporters of item ${index} replied that ${subject} in ${place} had been discussed for years and that further delay would cost more than the plan itself.`,
  ];
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title} | Fault Gazette</title>
<meta property="og:site_name" content="Fault Gazette"><meta property="article:published_time" content="2026-11-${String((index % 27) + 1).padStart(2, '0')}T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>${title}</h1>
${paras.map((p) => `<p>${p}</p>`).join('\n')}
</article><footer>© 2026 Fault Gazette</footer></body></html>`;
  return { index, url, site: 'Fault Gazette', html, pageId: pageIdFor(url, html) };
}

export function makePages(n: number, run: string): Page[] {
  return Array.from({ length: n }, (_, i) => makePage(i, run));
}

const SYL = ['ka', 'lo', 'mi', 'ra', 'ben', 'tor', 'vi', 'sa', 'del', 'an', 'qu', 'zo', 'pe', 'ri', 'mon', 'lu', 'ha', 'ne', 'gor', 'ti'];

/** A capitalised pseudo-name from a number: distinct numbers give distinct names. */
function pseudoName(n: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) {
    s += SYL[n % SYL.length];
    n = Math.floor(n / SYL.length);
  }
  return s[0]!.toUpperCase() + s.slice(1);
}

/** A page of `names` distinct "Firstname Lastname said …" sentences (9,000 names ≈ 270 KB). */
export function namesPage(names: number, run: string): Page {
  const sentences: string[] = [];
  for (let i = 0; i < names; i++) sentences.push(`${pseudoName(i % 400, 3)} ${pseudoName(Math.floor(i / 400) + 7, 3)} said no more.`);
  const paras: string[] = [];
  for (let i = 0; i < sentences.length; i += 12) paras.push(`<p>${sentences.slice(i, i + 12).join(' ')}</p>`);
  const url = `https://faults.example/${run}/names-${names}`;
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Everyone who spoke at the meeting (${run})</title></head>
<body><article><h1>Everyone who spoke at the meeting (${run})</h1>
${paras.join('\n')}
</article></body></html>`;
  return { index: -1, url, site: 'Fault Gazette', html, pageId: pageIdFor(url, html) };
}
