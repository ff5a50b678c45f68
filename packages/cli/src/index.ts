export { buildProgram, VERSION } from './program.js';
export { parentCommand, CliError } from './context.js';
export type { CliContext, CommandModule } from './context.js';
