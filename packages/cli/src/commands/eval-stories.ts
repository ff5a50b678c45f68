import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '@newsflow/core';
import { evaluateStories, parseStoryPairs, type StoryEvalGroup, type StoryEvalReport } from '@newsflow/dedupe';
import { extractEntities } from '@newsflow/entity';
import { CliError, parentCommand, type CliContext } from '../context.js';

interface EvalStoriesFlags {
  semeval?: string;
  threshold?: string;
  entities: boolean;
  json?: boolean;
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '  -  ');

export function formatStoryReport(r: StoryEvalReport): string[] {
  const lines = [
    `texts: ${r.texts}   same-story threshold: ${r.threshold}`,
    'Pearson: of the score against −Overall (higher = more alike); baseline: plain TF-IDF cosine over all words.',
    'same: Overall ≤ 1.5, different: ≥ 3, middle: in between (reported apart: joined = put in one story).',
    '',
    'languages  pairs  pearson  baseline   same  diff  middle(joined)  precision  recall',
  ];
  const row = (g: StoryEvalGroup) =>
    `${g.languages.padEnd(9)} ${String(g.pairs).padStart(6)}   ${f3(g.pearson)}    ${f3(g.baselinePearson)}  ${String(g.same).padStart(5)} ${String(g.different).padStart(5)}  ${`${g.middle}(${g.middleJoined})`.padStart(14)}      ${f3(g.precision)}   ${f3(g.recall)}`;
  lines.push(row(r.all), ...r.byLanguage.map(row));
  return lines;
}

export function register(program: Command, ctx: CliContext): void {
  parentCommand(program, 'eval', 'Measure quality on labelled data')
    .command('stories')
    .description('Score story similarity on SemEval-2022 Task 8 style pairs (Pearson vs Overall, same-story precision/recall)')
    .option('--semeval <csv>', 'CSV with pair_id, lang1, lang2, text1, text2, …, Overall')
    .option('--threshold <x>', 'same-story threshold (default: the online assignment\'s)')
    .option('--no-entities', 'leave out the entity extraction (words only)')
    .option('--json', 'print the report as JSON')
    .action((f: EvalStoriesFlags) => {
      if (!f.semeval) throw new CliError('give --semeval FILE.csv');
      let text: string;
      try {
        text = readFileSync(f.semeval, 'utf8');
      } catch (e) {
        throw new CliError(`--semeval: cannot read ${f.semeval} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      const threshold = f.threshold === undefined ? undefined : Number(f.threshold);
      if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw new CliError(`--threshold: must be a number from 0 to 1, got "${f.threshold}"`);
      let report: StoryEvalReport;
      try {
        const rows = parseStoryPairs(text, f.semeval);
        if (!rows.length) throw new CliError(`--semeval: ${f.semeval} holds no scored pairs`);
        // The entity stage's own extraction, as the pipeline runs it (the headline, not the site title).
        const entities = f.entities ? (doc: { title: string; body: string; language: string }) => extractEntities(doc) : undefined;
        report = evaluateStories(rows, { entities, threshold });
      } catch (e) {
        if (e instanceof AppError) throw new CliError(e.message);
        throw e;
      }
      if (f.json) ctx.out(JSON.stringify(report));
      else for (const l of formatStoryReport(report)) ctx.out(l);
    });
}
