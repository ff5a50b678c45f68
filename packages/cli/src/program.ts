import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { terminalSafe, type CliContext, type CommandModule } from './context.js';

export const VERSION = '0.1.0';

/** Build the `newsflow` program with every command module found in ./commands. */
export async function buildProgram(ctx: CliContext): Promise<Command> {
  const program = new Command('newsflow')
    .description('newsflow: raw news pages in, clean, enriched, de-duplicated articles out')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    // Commander echoes arguments in its errors ("unknown option '…'"): they may carry escapes too.
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(terminalSafe(s)) });
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'commands');
  const files = readdirSync(dir)
    .filter((f) => (f.endsWith('.js') || (f.endsWith('.ts') && !f.endsWith('.d.ts'))) && !f.includes('.test.'))
    .sort();
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as Partial<CommandModule>;
    if (typeof mod.register === 'function') mod.register(program, ctx);
  }
  return program;
}
