export { startRedis } from './redis.js';
export type { TestRedis } from './redis.js';
export { startPostgres, POSTGRES_INSTALL_HINT } from './postgres.js';
export type { TestPostgres } from './postgres.js';
export { Harness, useHarness, testRedisUrl, testPostgresUrl, uniquePrefix, eventually } from './harness.js';
export { dockerLikely } from './docker.js';
export { syntheticPage, rng } from './builders.js';
export type { SyntheticPage } from './builders.js';
