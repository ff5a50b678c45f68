import type { Command } from 'commander';

/** What every command module gets besides the program. */
export interface CliContext {
  /** Human output (stdout). Commands print here, never with console.log. */
  out(line: string): void;
  /** Diagnostics (stderr). */
  err(line: string): void;
}

/** A file in `src/commands/` exports `register`; main.ts discovers and loads every such file. */
export interface CommandModule {
  register(program: Command, ctx: CliContext): void;
}

/**
 * Get or create a parent command such as `eval` or `bench`, so several command files can add
 * subcommands (`eval extraction`, `eval ner`) without editing a shared file.
 */
export function parentCommand(program: Command, name: string, description: string): Command {
  const existing = program.commands.find((c) => c.name() === name);
  if (existing) return existing;
  return program.command(name).description(description);
}

/** Thrown by commands for an expected failure: printed without a stack trace, exit code as given. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}
