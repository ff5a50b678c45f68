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

/** A whole-number flag within bounds; a bad value is a usage error (exit 2) naming the flag. */
export function intFlag(name: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`${name} must be a whole number from ${min} to ${max}, got "${v}"`, 2);
  return n;
}

/*
 * Titles, site names, URLs and failure reasons come from the web. Printed raw, an escape sequence
 * in them drives the reader's terminal: colours, the window title (OSC 0), links (OSC 8), the
 * clipboard (OSC 52). The patterns follow ECMA-48: string controls (OSC, DCS, SOS, PM, APC, 7- or
 * 8-bit introducer) run to BEL, ST, CAN or SUB, and here also stop at a line break so an
 * unterminated one cannot hide the rest of an article; CSI runs to its final byte; any other ESC
 * takes its intermediates and one final byte. Whatever control is left over goes alone.
 */
const STRING_CONTROL = /(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x18\x1a\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c|[\x18\x1a])?/g;
const CSI = /(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?/g;
const OTHER_ESCAPE = /\x1b[\x20-\x2f]*[\x30-\x7e]?/g;
// Bidi embeddings, overrides and isolates would let a title reorder the rest of the line.
const LONE_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text safe to write to a terminal: escape sequences, C0 controls other than tab and line feed,
 * DEL, C1 controls and bidi overrides removed; the readable text kept.
 */
export function terminalSafe(text: string): string {
  // Most lines hold nothing to strip: skip the four passes for them.
  if (!/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/.test(text)) return text;
  return text.replace(STRING_CONTROL, '').replace(CSI, '').replace(OTHER_ESCAPE, '').replace(LONE_CONTROL, '');
}

/** A one-line table cell: terminal-safe, with tabs and line breaks as spaces so columns stay put. */
export function terminalCell(text: string): string {
  return terminalSafe(text).replace(/[\t\n]/g, ' ');
}

/**
 * JSON.stringify escapes only U+0000–U+001F. DEL, C1 controls (U+009B is an 8-bit CSI), bidi
 * overrides and the JS line separators pass through raw; escape them too, so JSON printed to a
 * terminal is inert and still parses back to the same value.
 */
export function escapeJsonText(json: string): string {
  return json.replace(/[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `JSON.stringify` for machine output (`--json`, NDJSON exports): see {@link escapeJsonText}. */
export function jsonText(value: unknown, indent?: number): string {
  return escapeJsonText(JSON.stringify(value, null, indent));
}

/**
 * The context `newsflow` runs commands with. Every line goes through {@link terminalSafe}: JSON
 * made with {@link jsonText} holds nothing it would change, and a command that forgot to clean a
 * field still cannot drive the terminal.
 */
export function streamContext(stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): CliContext {
  return {
    out: (line) => void stdout.write(`${terminalSafe(line)}\n`),
    err: (line) => void stderr.write(`${terminalSafe(line)}\n`),
  };
}
