import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { findPostgresBin, startPostgresServer, type PostgresServerHandle } from '@newsflow/core';
import type { Env } from './env.js';

/**
 * A private PostgreSQL for a scenario (`startPostgresServer` on the scenario's dir), which can be
 * stopped and started again on the same data and port, as an outage would.
 */
export class ScenarioPostgres {
  private constructor(
    private readonly handle: PostgresServerHandle,
    private readonly dir: string,
    readonly databaseUrl: string,
  ) {}

  static async start(env: Env): Promise<ScenarioPostgres> {
    const dir = join(env.dir, 'pg');
    const h = await startPostgresServer({ dir });
    const c = new pg.Client({ connectionString: h.url });
    await c.connect();
    await c.query('CREATE DATABASE newsflow');
    await c.end();
    return new ScenarioPostgres(h, dir, h.url.replace(/\/postgres$/, '/newsflow'));
  }

  private ctl(args: string[]): void {
    const bin = findPostgresBin()!;
    const asRoot = process.getuid?.() === 0;
    const argv = [join(bin, 'pg_ctl'), '-D', join(this.dir, 'data'), ...args];
    const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', ...argv], { encoding: 'utf8' }) : spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`pg_ctl ${args.join(' ')} failed: ${(r.stderr || r.stdout).trim()}`);
  }

  /** Fast shutdown: clients are disconnected, as in a real outage. */
  down(): void {
    this.ctl(['-m', 'fast', '-w', 'stop']);
  }

  up(): void {
    const port = this.handle.port;
    this.ctl(['-l', join(this.dir, 'log'), '-w', '-t', '30', '-o', `-p ${port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, 'start']);
  }

  async stop(): Promise<void> {
    await this.handle.stop().catch(() => undefined);
  }
}
