import { Command } from 'commander';
import type { CliContext } from '../src/context.js';

type Register = (program: Command, ctx: CliContext) => void;

/**
 * Run command modules in-process, as `newsflow <args>` would, collecting what they print. A
 * commander exit or a CliError comes back as `error` instead of ending the test process.
 */
export async function runCommands(registers: Register[], args: string[]): Promise<{ out: string[]; error?: Error }> {
  const out: string[] = [];
  const program = new Command('newsflow').exitOverride();
  const ctx: CliContext = { out: (l) => out.push(l), err: () => undefined };
  for (const register of registers) register(program, ctx);
  try {
    await program.parseAsync(['node', 'newsflow', ...args]);
    return { out };
  } catch (e) {
    return { out, error: e as Error };
  }
}
