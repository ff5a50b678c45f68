import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '@newsflow/core';
import { hasEntityModel, saveClusters, tokenize, trainClusters, trainingSetText, type TextSource } from '@newsflow/entity';
import { readMaybeGz } from '@newsflow/parse';
import { parseDatasetPages } from '../dataset-pages.js';
import { CliError, parentCommand, type CliContext } from '../context.js';

interface TrainClustersFlags {
  data?: string;
  pages: string[];
  text: string[];
  out: string;
  sizes: string;
  minCount: string;
  iterations: string;
  seed: string;
  json?: boolean;
}

const collect = (v: string, acc: string[]): string[] => [...acc, v];

function sentencesOf(text: string): string[][] {
  return tokenize(text).map((s) => s.map((t) => t.text));
}

/** The English article text of a folder of pages, through the real parser; other languages are skipped and counted. */
function pagesText(dir: string): { sentences: string[][]; source: TextSource; skipped: number } {
  const { articles, rejected } = parseDatasetPages(dir, '--pages');
  const hash = createHash('sha256');
  const sentences: string[][] = [];
  let skipped = rejected;
  for (const { article: a } of articles) {
    if (!hasEntityModel(a.language)) {
      skipped++;
      continue;
    }
    const text = `${a.headline ?? a.title}\n\n${a.body}`;
    hash.update(text);
    sentences.push(...sentencesOf(text));
  }
  let tokens = 0;
  for (const s of sentences) tokens += s.length;
  const kept = articles.length + rejected - skipped;
  return { sentences, source: { name: `pages:${basename(dir)} (${kept} English pages)`, sha256: hash.digest('hex'), sentences: sentences.length, tokens }, skipped };
}

function ints(flag: string, v: string, min: number, max: number): number[] {
  const xs = v.split(',').map((x) => Number(x.trim()));
  if (!xs.length || xs.some((n) => !Number.isInteger(n) || n < min || n > max)) throw new CliError(`${flag}: must be integers from ${min} to ${max}, got "${v}"`);
  return xs;
}

export function register(program: Command, ctx: CliContext): void {
  parentCommand(program, 'train', 'Train the models newsflow ships')
    .command('clusters')
    .description('Learn word clusters from unlabelled text (predictive exchange clustering) for the entity tagger’s features')
    .option('--data <dir>', 'the NER training directory: the tokens of every set in it (labels unused)')
    .option('--pages <dir>', 'a folder of pages (benchmark layout or .html/.txt files): their English article text, through the parser; repeatable', collect, [])
    .option('--text <file>', 'a plain-text file (.txt or .txt.gz); repeatable', collect, [])
    .requiredOption('--out <file>', 'where to write the clusters (e.g. packages/entity/models/word-clusters.json.gz)')
    .option('--sizes <list>', 'class counts, one clustering each', '64,256,1024')
    .option('--min-count <n>', 'words seen fewer times are not clustered', '3')
    .option('--iterations <n>', 'exchange passes per size', '10')
    .option('--seed <n>', 'seed for the initial classes', '1')
    .option('--json', 'print a JSON summary')
    .action((f: TrainClustersFlags) => {
      if (!f.data && !f.pages.length && !f.text.length) throw new CliError('give --data DIR, --pages DIR or --text FILE');
      if (f.data && !existsSync(f.data)) throw new CliError(`--data: directory not found: ${f.data}`);
      if (f.data && /conll-?2003|conllpp/i.test(f.data)) throw new CliError('--data: CoNLL-2003 is for evaluation only; never train on it');
      const sizes = ints('--sizes', f.sizes, 2, 4096);
      const [minCount] = ints('--min-count', f.minCount, 1, 1000);
      const [iterations] = ints('--iterations', f.iterations, 1, 100);
      const [seed] = ints('--seed', f.seed, 0, 2 ** 31 - 1);
      const t0 = Date.now();
      const log = (m: string): void => ctx.err(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${m}`);
      const sentences: string[][] = [];
      const sources: TextSource[] = [];
      if (f.data) {
        const t = trainingSetText(f.data);
        if (!t.sources.length) throw new CliError(`--data: no training sets found in ${f.data}`);
        sentences.push(...t.sentences);
        sources.push(...t.sources);
      }
      for (const dir of f.pages) {
        let p;
        try {
          p = pagesText(dir);
        } catch (e) {
          throw e instanceof AppError && !(e instanceof CliError) ? new CliError(`--pages: ${e.message}`) : e;
        }
        log(`${dir}: ${p.source.tokens} tokens, ${p.skipped} pages skipped (not English, or rejected by the parser)`);
        sentences.push(...p.sentences);
        sources.push(p.source);
      }
      for (const file of f.text) {
        if (!existsSync(file)) throw new CliError(`--text: file not found: ${file}`);
        const buf = readMaybeGz(file);
        const s = sentencesOf(buf.toString('utf8'));
        sentences.push(...s);
        sources.push({ name: basename(file), sha256: createHash('sha256').update(buf).digest('hex'), sentences: s.length, tokens: s.reduce((n, x) => n + x.length, 0) });
      }
      const data = trainClusters(sentences, { sizes, minCount: minCount!, iterations: iterations!, seed: seed!, sources, log });
      if (!data.words.length) throw new CliError(`no word was seen ${minCount} times: give more text or a lower --min-count`);
      mkdirSync(dirname(f.out), { recursive: true });
      const bytes = saveClusters(data, f.out);
      const seconds = (Date.now() - t0) / 1000;
      if (f.json) {
        ctx.out(JSON.stringify({ out: f.out, bytes, seconds, words: data.words.length, sizes: data.sizes, provenance: data.provenance }, null, 2));
        return;
      }
      ctx.out(`wrote ${f.out} (${(bytes / 1e3).toFixed(0)} KB) in ${seconds.toFixed(1)} s: ${data.words.length} words in ${data.sizes.join(', ')} classes, from ${data.provenance.tokens} tokens`);
      // One line per source, or per directory of many files (GUM has 108); --json lists every file.
      const groups = new Map<string, TextSource[]>();
      for (const s of sources) {
        const dir = s.name.includes('/') ? s.name.slice(0, s.name.indexOf('/') + 1) : s.name;
        groups.set(dir, [...(groups.get(dir) ?? []), s]);
      }
      for (const [dir, g] of groups) {
        const tokens = g.reduce((n, s) => n + s.tokens, 0);
        ctx.out(g.length === 1 ? `  ${g[0]!.name}: ${tokens} tokens, sha256 ${g[0]!.sha256.slice(0, 16)}…` : `  ${dir} (${g.length} files): ${tokens} tokens`);
      }
    });
}
