import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { TextSource } from './clusters.js';
import { readConll, readGmb } from './corpora.js';
import { readGum } from './gum.js';


/**
 * The tokens of every NER training set present in `dataDir` (GMB, Wikigold, GUM, UNER), labels
 * ignored: unlabelled text for `train clusters`. CoNLL-2003 is never among them.
 */
export function trainingSetText(dataDir: string): { sentences: string[][]; sources: TextSource[] } {
  const sentences: string[][] = [];
  const sources: TextSource[] = [];
  const add = (name: string, buf: Buffer, sents: string[][]): void => {
    let tokens = 0;
    for (const s of sents) tokens += s.length;
    sentences.push(...sents);
    sources.push({ name, sha256: createHash('sha256').update(buf).digest('hex'), sentences: sents.length, tokens });
  };
  const gmb = join(dataDir, 'gmb-kaggle', 'ner_dataset.csv.gz');
  if (existsSync(gmb)) {
    const buf = readFileSync(gmb);
    add('gmb-kaggle/ner_dataset.csv.gz', buf, readGmb(gunzipSync(buf)).docs.flat().map((s) => s.tokens));
  }
  const wiki = join(dataDir, 'wikigold', 'wikigold.conll.txt');
  if (existsSync(wiki)) {
    const buf = readFileSync(wiki);
    add('wikigold/wikigold.conll.txt', buf, readConll(buf.toString('utf8')).flat().map((s) => s.tokens));
  }
  for (const [dir, match, read] of [
    ['gum', /\.conllu\.gz$/, (t: string) => readGum(t).doc.map((s) => s.tokens)],
    ['uner-ewt', /\.iob2\.gz$/, (t: string) => readConll(t).flat().map((s) => s.tokens)],
  ] as const) {
    const d = join(dataDir, dir);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).filter((x) => match.test(x)).sort()) {
      const buf = readFileSync(join(d, f));
      add(`${dir}/${f}`, buf, read(gunzipSync(buf).toString('utf8')));
    }
  }
  return { sentences, sources };
}
