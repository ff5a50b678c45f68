import { startRedisServer, type RedisServerHandle, type RedisServerOptions } from './redis-server.js';

export interface SupervisedRedisOptions extends RedisServerOptions {
  /** Told of each unexpected exit and of each restart (or failed attempt), for logging. */
  onEvent?: (e: { kind: 'exited' | 'restarted' | 'restart-failed'; code?: number | null; signal?: NodeJS.Signals | null; error?: string; restarts: number }) => void;
  /** Longest pause between restart attempts. @defaultValue 10000 */
  maxBackoffMs?: number;
}

/**
 * A private redis-server that is started again (same port, directory and password) when it dies
 * while its owner still runs — killed by the OOM killer or by mistake. Workers and the API
 * reconnect by themselves; with `appendfsync always` nothing acknowledged is lost meanwhile.
 */
export async function startSupervisedRedisServer(opts: SupervisedRedisOptions): Promise<RedisServerHandle> {
  let current = await startRedisServer(opts);
  const port = current.port;
  let stopped = false;
  let restarts = 0;

  const watch = (h: RedisServerHandle) => {
    h.process.once('exit', (code, signal) => {
      if (stopped) return;
      opts.onEvent?.({ kind: 'exited', code, signal, restarts });
      void restart();
    });
  };
  const restart = async () => {
    for (let delay = 200; !stopped; delay = Math.min(delay * 2, opts.maxBackoffMs ?? 10_000)) {
      await new Promise((r) => setTimeout(r, delay));
      if (stopped) return;
      try {
        current = await startRedisServer({ ...opts, port });
        restarts++;
        opts.onEvent?.({ kind: 'restarted', restarts });
        if (stopped) await current.stop();
        else watch(current);
        return;
      } catch (err) {
        opts.onEvent?.({ kind: 'restart-failed', error: (err as Error).message, restarts });
      }
    }
  };
  watch(current);

  return {
    url: current.url,
    displayUrl: current.displayUrl,
    port,
    dir: current.dir,
    get process() {
      return current.process;
    },
    async stop() {
      stopped = true;
      await current.stop();
    },
  };
}
