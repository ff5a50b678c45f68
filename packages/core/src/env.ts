import { z } from 'zod';
import { DEFAULT_PREFIX } from './prefix.js';

/** A configuration error names the variable, so an operator can fix it without reading code. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parse `source` (default: process.env) with an entry point's Env schema; throw ConfigError naming each variable. */
export function loadEnv<S extends z.ZodType>(schema: S, source: Record<string, string | undefined> = process.env): z.infer<S> {
  // Empty strings mean "unset" for env vars: `FOO= cmd` should fall back to the default.
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (v !== undefined && v !== '') cleaned[k] = v;
  const r = schema.safeParse(cleaned);
  if (!r.success) {
    throw new ConfigError(r.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  return r.data;
}

/** A whole-number variable with bounds; messages name the variable. */
export const envInt = (name: string, def: number, min = 1, max = 1_000_000) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`)
    .default(def);


/**
 * True for a placeholder secret copied from an example (`change-me-to-32-random-characters`) or
 * one too uniform to be random: such a value must never guard a running server.
 */
export function isPlaceholderSecret(value: string): boolean {
  if (/change[-_ ]?me|replace[-_ ]?(me|this)|example|placeholder|your[-_ ]?(token|secret|password)|^(secret|password|token)s?\d*$/i.test(value)) return true;
  return new Set(value).size < 8;
}

/** A secret from the environment: at least `min` characters and not a placeholder. Messages name the variable. */
export const envSecret = (name: string, min = 16) =>
  z
    .string()
    .min(min, `${name} must be at least ${min} characters`)
    .refine((v) => !isPlaceholderSecret(v), `${name} looks like an example value: set it to a random secret (e.g. openssl rand -base64 32)`);

/** Variables every newsflow process understands. Entry points extend this. */
export const BaseEnv = z.object({
  /** Redis to use; when unset `newsflow start` runs a private redis-server. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://')
    .optional(),
  /** Comma-separated host:port list of Redis Cluster nodes; when set, REDIS_URL is ignored. */
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^[^,:\s]+:\d+(,[^,:\s]+:\d+)*$/, 'REDIS_CLUSTER_NODES must look like host:port,host:port')
    .optional(),
  /** Key prefix for every queue; braces make it a Redis Cluster hash tag. */
  NEWSFLOW_PREFIX: z
    .string()
    .regex(/^\{[A-Za-z0-9_.-]+\}$|^[A-Za-z0-9_.-]+$/, 'NEWSFLOW_PREFIX must be a name like {newsflow} or newsflow')
    .default(DEFAULT_PREFIX),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Directory for the embedded Redis and run state. */
  NEWSFLOW_HOME: z.string().default('.newsflow'),
  SHUTDOWN_TIMEOUT_MS: envInt('SHUTDOWN_TIMEOUT_MS', 15_000, 100, 600_000),
});
export type BaseEnv = z.infer<typeof BaseEnv>;
