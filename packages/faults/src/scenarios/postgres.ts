import type { Scenario, RunOptions, Outcome } from '../scenario.js';
import { streamWithFault } from '../scenario.js';
import { sleep } from '../env.js';
import { ScenarioPostgres } from '../postgres.js';
import { postgresRows } from '../store.js';
import { embeddedWithFault } from './embedded.js';

const DOWN_MS = 20_000;

async function withPostgres(run: (db: ScenarioPostgres) => Promise<Outcome>): Promise<Outcome> {
  const db = await ScenarioPostgres.start();
  try {
    return await run(db);
  } finally {
    await db.stop();
  }
}

async function outage(db: ScenarioPostgres) {
  db.down();
  await sleep(DOWN_MS);
  db.up();
  return { at: Date.now(), notes: [`PostgreSQL down ${DOWN_MS / 1000} s`] };
}

/** PostgreSQL stopped for 20 s under the per-stage processes (SINK=postgres). */
export const postgresDown: Scenario = {
  name: 'postgres-down',
  ci: false,
  run: (env, o: RunOptions) =>
    withPostgres((db) =>
      streamWithFault(env, o, () => outage(db), { pipelineEnv: { SINK: 'postgres', DATABASE_URL: db.databaseUrl }, rows: () => postgresRows(db.databaseUrl) }),
    ),
};

/** The same outage under `newsflow start`. */
export const postgresDownStart: Scenario = {
  name: 'postgres-down-start',
  ci: false,
  run: (env, o: RunOptions) =>
    withPostgres((db) => embeddedWithFault(env, o, () => outage(db), { env: { SINK: 'postgres', DATABASE_URL: db.databaseUrl }, rows: () => postgresRows(db.databaseUrl) })),
};
