import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgresServer, type PostgresServerHandle } from '@newsflow/core';
import { killOnExit } from './env.js';

/**
 * A private PostgreSQL for a scenario (`startPostgresServer` on the scenario's dir), which can be
 * stopped and started again on the same data and port, as an outage would.
 */
export class ScenarioPostgres {
  private readonly unregister: () => void;

  private constructor(
    private readonly handle: PostgresServerHandle,
    readonly databaseUrl: string,
  ) {
    // pg_ctl daemonises the server: a Ctrl-C of the suite must stop it explicitly.
    this.unregister = killOnExit(() => {
      try {
        this.handle.down('immediate');
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
    return new ScenarioPostgres(h, h.url.replace(/\/postgres$/, '/newsflow'));
  }

  /** Immediate stop (no checkpoint, backends killed): what a crash or a failover does to clients. */
  down(): void {
    this.handle.down('immediate');
  }

  up(): void {
    this.handle.up();
  }

  async stop(): Promise<void> {
    this.unregister();
    await this.handle.stop().catch(() => undefined);
  }
}
