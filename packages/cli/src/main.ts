import { ConfigError, AppError, serviceRunning } from '@newsflow/core';
import { CliError, streamContext } from './context.js';
import { buildProgram } from './program.js';

// `newsflow articles list | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const ctx = streamContext();

try {
  const program = await buildProgram(ctx);
  await program.parseAsync(process.argv);
  // One-shot commands end here. Library timers (BullMQ lock renewal, ioredis reconnects) must not
  // hold the terminal for seconds after the work is done; services keep running until a signal.
  if (!serviceRunning()) process.exit(process.exitCode ?? 0);
} catch (err) {
  if (err instanceof CliError) {
    ctx.err(`newsflow: ${err.message}`);
    process.exit(err.exitCode);
  }
  if (err instanceof ConfigError || err instanceof AppError) {
    ctx.err(`newsflow: ${err.message}`);
    process.exit(1);
  }
  ctx.err(`newsflow: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
}
