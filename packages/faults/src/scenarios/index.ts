import type { Scenario } from '../scenario.js';
import { doubleStart, sigtermStart } from './embedded.js';
import { killWorkerScenarios } from './kill-worker.js';
import { poison } from './poison.js';
import { postgresDown, postgresDownStart } from './postgres.js';
import { redisKill, redisKillEarly, redisMaxmemory, redisRestart } from './redis.js';
import { rollbackScenarios } from './rollback.js';
import { hugeNames, sqliteLock } from './store.js';

/** Every scenario, in the order they run. */
export const SCENARIOS: Scenario[] = [
  ...killWorkerScenarios,
  redisKill,
  redisKillEarly,
  redisRestart,
  sigtermStart,
  redisMaxmemory,
  ...rollbackScenarios,
  poison,
  doubleStart,
  sqliteLock,
  postgresDown,
  postgresDownStart,
  hugeNames,
];
