import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findPostgresBin, startPostgresServer, type PostgresServerHandle } from '@newsflow/core';
import { killOnExit } from './env.js';

/**
 * A private PostgreSQL for a scenario (`startPostgresServer` on the scenario's dir), which can be
 * stopped and started again on the same data and port, as an outage would.
 */
export class ScenarioPostgres {
  private readonly unregister: () => void;

  private constructor(
    private readonly handle: PostgresServerHandle,
    private readonly dir: string,
    readonly databaseUrl: string,
  ) {
    // pg_ctl daemonises the server: a Ctrl-C of the suite must stop it explicitly.
    this.unregister = killOnExit(() => {
      try {
        this.ctl(['-m', 'immediate', '-w', 'stop']);
      } catch {
        // already down
      }
    });
  }

  static async start(): Promise<ScenarioPostgres> {
    // A fresh dir of its own under /tmp: the postgres user cannot enter the scenario's 0700 dir.
    const dir = mkdtempSync(join(tmpdir(), 'nf-faults-pg-'));
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

  /** Immediate stop (no checkpoint, backends killed): what a crash or a failover does to clients. */
  down(): void {
    this.ctl(['-m', 'immediate', '-w', 'stop']);
  }

  up(): void {
    const port = this.handle.port;
    this.ctl(['-l', join(this.dir, 'log'), '-w', '-t', '30', '-o', `-p ${port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, 'start']);
  }

  async stop(): Promise<void> {
    this.unregister();
    await this.handle.stop().catch(() => undefined);
  }
}
