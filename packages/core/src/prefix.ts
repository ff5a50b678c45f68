/**
 * The key prefix of every queue, index and ledger when none is configured (`NEWSFLOW_PREFIX`).
 * The braces make it a Redis Cluster hash tag, so one pipeline's keys share a slot.
 */
export const DEFAULT_PREFIX = '{newsflow}';
