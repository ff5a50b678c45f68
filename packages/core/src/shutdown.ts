import type { Logger } from './logger.js';

export interface ShutdownOptions {
  logger: Logger;
  /** Hard limit for all closers together. @defaultValue 15000 */
  timeoutMs?: number;
  /** Run in order on SIGTERM/SIGINT. */
  closers: Array<() => Promise<unknown>>;
  /** @defaultValue process.exit */
  exit?: (code: number) => void;
}

/**
 * Wire SIGTERM/SIGINT to an orderly, bounded shutdown, and make unhandled rejections fatal
 * (logged, exit 1) rather than silent. A second signal exits at once.
 */
let installed = false;

/** True once a long-running service installed its shutdown handler in this process. */
export function serviceRunning(): boolean {
  return installed;
}

export function installShutdown(opts: ShutdownOptions): { shutdown(reason: string): Promise<void> } {
  installed = true;
  const exit = opts.exit ?? ((c: number) => process.exit(c));
  let running: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    if (running) return running;
    opts.logger.info({ reason }, 'shutting down');
    running = (async () => {
      const timer = setTimeout(() => {
        opts.logger.error({ timeoutMs: opts.timeoutMs ?? 15_000 }, 'shutdown timed out; exiting');
        exit(1);
      }, opts.timeoutMs ?? 15_000);
      timer.unref();
      let code = 0;
      for (const close of opts.closers) {
        try {
          await close();
        } catch (err) {
          code = 1;
          opts.logger.error({ err: (err as Error).message }, 'error during shutdown');
        }
      }
      clearTimeout(timer);
      opts.logger.info('stopped');
      exit(code);
    })();
    return running;
  };
  const onSignal = (sig: NodeJS.Signals) => {
    if (running) {
      opts.logger.warn({ sig }, 'second signal: exiting now');
      exit(130);
      return;
    }
    void shutdown(sig);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('unhandledRejection', (err) => {
    opts.logger.fatal({ err: err instanceof Error ? err.stack : String(err) }, 'unhandled rejection');
    void shutdown('unhandledRejection').finally(() => exit(1));
  });
  return { shutdown };
}
