import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { extractEntities, manyNamesPage, readConll, tokenize, type ExtractStats, type NerModel } from '@newsflow/entity';
import { CliError, parentCommand, type CliContext } from '../context.js';
import { modelFromFlag } from './eval-ner.js';

interface BenchEntityFlags {
  model?: string;
  repeat: string;
  names?: string;
  json?: boolean;
}

/** Seconds of one run: the shortest wall time of the timed passes, and the CPU time of that pass. */
function fastest(repeat: number, fn: () => void): { wall: number; cpu: number } {
  fn(); // warm-up
  let best = { wall: Infinity, cpu: Infinity };
  for (let i = 1; i < repeat; i++) {
    const c = process.cpuUsage();
    const s = performance.now();
    fn();
    const wall = (performance.now() - s) / 1000;
    const used = process.cpuUsage(c);
    if (wall < best.wall) best = { wall, cpu: (used.user + used.system) / 1e6 };
  }
  return best;
}

/**
 * extractEntities on generated pages of N distinct names (`manyNamesPage`), the case of the fault
 * probe's page that once took 39 s at 9,000 names: time should grow in proportion to N.
 */
function benchNames(list: string, repeat: number, model: NerModel, loadMs: number, ctx: CliContext, json: boolean): void {
  const sizes = list.split(',').map((x) => Number(x.trim()));
  if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 100_000)) throw new CliError(`--names: must be integers from 1 to 100000 separated by commas, got "${list}"`);
  const pages = sizes.map((n) => {
    const page = manyNamesPage(n);
    const stats = {} as ExtractStats;
    let entities = 0;
    const t = fastest(repeat, () => {
      entities = extractEntities(page, { tagger: model.tagger, aliases: model.aliases, stats }).length;
    });
    const r = (x: number): number => Math.round(x * 1000) / 1000;
    return { names: n, chars: page.body.length, tokens: stats.tokens, entities, mergeCandidates: stats.candidates, seconds: r(t.wall), cpuSeconds: r(t.cpu) };
  });
  const res = { modelLoadMs: Math.round(loadMs), passes: repeat - 1, pages };
  if (json) {
    ctx.out(JSON.stringify(res, null, 2));
    return;
  }
  ctx.out(`extractEntities on pages of distinct names (fastest of ${res.passes} timed pass${res.passes === 1 ? '' : 'es'} after a warm-up; model loaded in ${res.modelLoadMs} ms)`);
  for (const p of pages) {
    const per = (p.seconds / p.names) * 1e6;
    ctx.out(`  ${p.names.toLocaleString('en-US').padStart(7)} names  ${p.chars.toLocaleString('en-US').padStart(9)} chars  ${String(p.entities).padStart(6)} entities  ${p.seconds.toFixed(3)} s (cpu ${p.cpuSeconds.toFixed(3)} s, ${per.toFixed(0)} µs a name)`);
  }
}

/**
 * Tokens per second of the entity stage on one core: the tagger alone on pre-tokenised text, and
 * the whole of extractEntities (tokenising, tagging, merging) on the same text as plain prose.
 */
export function register(program: Command, ctx: CliContext): void {
  parentCommand(program, 'bench', 'Measure speed')
    .command('entity')
    .description('Tokens per second of entity extraction on one core (a CoNLL file or a plain-text file), or its time on pages of many names')
    .argument('[file]', 'a CoNLL file (documents split at -DOCSTART-) or plain text (documents split at blank lines)')
    .option('--model <file>', 'model file instead of the shipped one')
    .option('--repeat <n>', 'passes over the file (the first is a warm-up and not counted)', '3')
    .option('--names <list>', 'instead of a file, generated pages with this many distinct names each, e.g. 750,3000,6000,9000')
    .option('--json', 'print one JSON object')
    .action((file: string | undefined, f: BenchEntityFlags) => {
      if ((f.names === undefined) === (file === undefined)) throw new CliError('give either a <file> or --names');
      if (file !== undefined && !existsSync(file)) throw new CliError(`file not found: ${file}`);
      const repeat = Number(f.repeat);
      if (!Number.isInteger(repeat) || repeat < 2 || repeat > 100) throw new CliError(`--repeat: must be an integer from 2 to 100, got "${f.repeat}"`);
      const t0 = performance.now();
      const model = modelFromFlag(f.model);
      const loadMs = performance.now() - t0;
      if (f.names !== undefined) return benchNames(f.names, repeat, model, loadMs, ctx, f.json === true);
      if (file === undefined) return;
      const text = readFileSync(file, 'utf8');
      const conll = readConll(text);
      const isConll = /^\S+(\s+\S+)*\s+[BIO](-\S+)?$/m.test(text.split('\n').find((l) => l.trim() && !l.startsWith('-DOCSTART-')) ?? '') && conll.length > 0;
      const docs: string[][][] = isConll ? conll.map((d) => d.map((s) => s.tokens)) : text.split(/\n\s*\n/).map((p) => tokenize(p).map((s) => s.map((t) => t.text)));
      const prose = docs.map((d) => d.map((s) => s.join(' ')).join('\n'));
      const tokens = docs.reduce((n, d) => n + d.reduce((m, s) => m + s.length, 0), 0);
      if (!tokens) throw new CliError(`no tokens in ${file}`);
      const timed = (fn: () => void): number => {
        fn(); // warm-up
        const s = performance.now();
        for (let i = 1; i < repeat; i++) fn();
        return (performance.now() - s) / 1000 / (repeat - 1);
      };
      const tagSec = timed(() => {
        for (const d of docs) model.tagger.tag(d);
      });
      const fullSec = timed(() => {
        for (const body of prose) extractEntities({ title: '', body }, { tagger: model.tagger, aliases: model.aliases, countries: model.countries });
      });
      const res = {
        file,
        documents: docs.length,
        tokens,
        modelLoadMs: Math.round(loadMs),
        tagger: { secondsPerPass: Math.round(tagSec * 1000) / 1000, tokensPerSecond: Math.round(tokens / tagSec) },
        extractEntities: { secondsPerPass: Math.round(fullSec * 1000) / 1000, tokensPerSecond: Math.round(tokens / fullSec) },
        passes: repeat - 1,
      };
      if (f.json) {
        ctx.out(JSON.stringify(res, null, 2));
        return;
      }
      ctx.out(`${file}: ${docs.length} documents, ${tokens.toLocaleString('en-US')} tokens, model loaded in ${res.modelLoadMs} ms`);
      ctx.out(`  tagger:          ${res.tagger.tokensPerSecond.toLocaleString('en-US')} tokens/s (${res.tagger.secondsPerPass} s per pass, ${res.passes} passes, one core)`);
      ctx.out(`  extractEntities: ${res.extractEntities.tokensPerSecond.toLocaleString('en-US')} tokens/s (tokenise + tag + merge)`);
    });
}
