import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '@newsflow/core';
import { evaluateExtraction, type DatasetFormat, type EvalReport } from '@newsflow/parse';
import { CliError, parentCommand, type CliContext } from '../context.js';

const FORMATS = ['scrapinghub', 'trafilatura', 'readability'] as const;

const pct = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

/** Human report: the headline scores, metadata accuracies and the worst pages. */
export function formatReport(r: EvalReport, system: string): string[] {
  const lines = [`${system} on ${r.pages} ${r.format} pages (${r.failed} failed)`];
  if (r.f1 !== null) lines.push(`F1 ${pct(r.f1)}   precision ${pct(r.precision)}   recall ${pct(r.recall)}`);
  if (r.snippets) lines.push(`snippets: TP ${r.snippets.tp}  FP ${r.snippets.fp}  FN ${r.snippets.fn}  TN ${r.snippets.tn}  accuracy ${pct(r.snippets.accuracy)}`);
  for (const [k, v] of Object.entries(r.metadata)) lines.push(`${k.padEnd(14)} accuracy ${pct(v.accuracy)}  (${v.scored} pages)`);
  if (r.worst.length) {
    lines.push('', 'lowest-scoring pages:');
    for (const w of r.worst.slice(0, 8)) lines.push(`  ${w.score.toFixed(3).padStart(7)}  ${w.id}${w.error ? `  (${w.error})` : ''}`);
  }
  return lines;
}

export function register(program: Command, ctx: CliContext): void {
  parentCommand(program, 'eval', 'measure quality on public benchmarks')
    .command('extraction')
    .description('score article extraction on a benchmark with its own metric (scrapinghub, trafilatura or Readability test pages)')
    .requiredOption('--dataset <dir>', 'benchmark folder')
    .option('--format <format>', `${FORMATS.join(' | ')} (default: detected from the folder)`)
    .option('--predictions <file>', "score another system's output file (JSON, optionally .gz) instead of running newsflow")
    .option('--limit <n>', 'only the first N pages', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new CliError(`--limit: expected a positive integer, got "${v}"`);
      return n;
    })
    .option('--as-text', 'score the text path: submit each page as the text a reader copies off it (menus and footers included)')
    .option('--json', 'print one JSON object')
    .action((o: { dataset: string; format?: string; predictions?: string; limit?: number; asText?: boolean; json?: boolean }) => {
      if (o.asText && o.predictions) throw new CliError('--as-text scores newsflow itself: leave out --predictions');
      if (o.format && !(FORMATS as readonly string[]).includes(o.format)) throw new CliError(`--format: use one of ${FORMATS.join(', ')}`);
      if (!existsSync(o.dataset)) throw new CliError(`--dataset: ${o.dataset} does not exist`);
      if (o.predictions && !existsSync(o.predictions)) throw new CliError(`--predictions: ${o.predictions} does not exist`);
      let report: EvalReport;
      try {
        report = evaluateExtraction({
          dataset: o.dataset,
          ...(o.format ? { format: o.format as DatasetFormat } : {}),
          ...(o.predictions ? { predictions: o.predictions } : {}),
          ...(o.limit ? { limit: o.limit } : {}),
          ...(o.asText ? { asText: true } : {}),
        });
      } catch (e) {
        if (e instanceof AppError) throw new CliError(e.message);
        throw e;
      }
      const system = o.predictions ?? (o.asText ? 'newsflow (text path, copied text)' : 'newsflow');
      if (o.json) ctx.out(JSON.stringify({ system, ...report }));
      else for (const l of formatReport(report, system)) ctx.out(l);
    });
}
