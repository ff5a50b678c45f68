import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { extractEntities, readConll, tokenize } from '@newsflow/entity';
import { CliError, parentCommand, type CliContext } from '../context.js';
import { modelFromFlag } from './eval-ner.js';

interface BenchEntityFlags {
  model?: string;
  repeat: string;
  json?: boolean;
}

/**
 * Tokens per second of the entity stage on one core: the tagger alone on pre-tokenised text, and
 * the whole of extractEntities (tokenising, tagging, merging) on the same text as plain prose.
 */
export function register(program: Command, ctx: CliContext): void {
  parentCommand(program, 'bench', 'Measure speed')
    .command('entity')
    .description('Tokens per second of entity extraction on one core (a CoNLL file or a plain-text file)')
    .argument('<file>', 'a CoNLL file (documents split at -DOCSTART-) or plain text (documents split at blank lines)')
    .option('--model <file>', 'model file instead of the shipped one')
    .option('--repeat <n>', 'passes over the file (the first is a warm-up and not counted)', '3')
    .option('--json', 'print one JSON object')
    .action((file: string, f: BenchEntityFlags) => {
      if (!existsSync(file)) throw new CliError(`file not found: ${file}`);
      const repeat = Number(f.repeat);
      if (!Number.isInteger(repeat) || repeat < 2 || repeat > 100) throw new CliError(`--repeat: must be an integer from 2 to 100, got "${f.repeat}"`);
      const t0 = performance.now();
      const model = modelFromFlag(f.model);
      const loadMs = performance.now() - t0;
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
        for (const body of prose) extractEntities({ title: '', body }, { tagger: model.tagger, aliases: model.aliases });
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
