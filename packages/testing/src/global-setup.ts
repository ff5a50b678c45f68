import type { TestProject } from 'vitest/node';
import { startPostgres, type TestPostgres } from './postgres.js';
import { startRedis, type TestRedis } from './redis.js';

let redis: TestRedis | undefined;
let postgres: TestPostgres | undefined;

/** One Redis and one PostgreSQL for the whole run; tests isolate by queue prefix and database. */
export async function setup(project: TestProject): Promise<void> {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  project.provide('redisUrl', redis.url);
  project.provide('postgresUrl', postgres.url);
}

export async function teardown(): Promise<void> {
  await Promise.all([redis?.stop(), postgres?.stop()]);
}
