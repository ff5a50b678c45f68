import type { Command } from 'commander';
import { HOSTILE_CASES, HOSTILE_LIMIT_MS, runHostileCase } from '@newsflow/parse';
import { CliError, parentCommand, type CliContext } from '../context.js';

/**
 * Times the parser on pages built to break it (empty, binary, 20 MB, 100,000 nested or unclosed
 * tags, broken encodings) and says whether each came back as expected within the limit.
 */
export function register(program: Command, ctx: CliContext): void {
  parentCommand(program, 'bench', 'Measure speed')
    .command('hostile')
    .description(`time the parser on hostile pages (each must give its expected error or an article within ${HOSTILE_LIMIT_MS / 1000} s)`)
    .option('--json', 'print one JSON object')
    .action((f: { json?: boolean }) => {
      const results = HOSTILE_CASES.map((c) => {
        const r = runHostileCase(c);
        return { name: r.name, outcome: r.outcome, ms: Math.round(r.ms), expected: r.ok, withinLimit: r.ms <= HOSTILE_LIMIT_MS };
      });
      const failed = results.filter((r) => !r.expected || !r.withinLimit);
      if (f.json) ctx.out(JSON.stringify({ limitMs: HOSTILE_LIMIT_MS, results }));
      else {
        ctx.out(`${'page'.padEnd(46)} ${'outcome'.padEnd(24)} ${'ms'.padStart(7)}`);
        for (const r of results) ctx.out(`${r.name.padEnd(46)} ${r.outcome.padEnd(24)} ${String(r.ms).padStart(7)}${r.expected ? '' : '  UNEXPECTED'}${r.withinLimit ? '' : '  OVER LIMIT'}`);
        ctx.out(`slowest ${Math.max(...results.map((r) => r.ms))} ms; limit ${HOSTILE_LIMIT_MS} ms`);
      }
      if (failed.length) throw new CliError(`${failed.length} hostile page(s) failed: ${failed.map((r) => r.name).join(', ')}`);
    });
}
