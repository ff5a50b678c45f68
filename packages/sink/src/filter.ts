import { z } from 'zod';
import { formatIssues } from '@newsflow/contracts';
import { ValidationError } from '@newsflow/core';
import type { ArticleFilter, EntityFilter, StoryFilter } from './types.js';

/** Largest page a listing returns. */
export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 20;

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * A time bound as users type it: an ISO timestamp, a date (`2026-11-28`, midnight UTC) or an age
 * (`90m`, `24h`, `7d`, `2w` ago). Returns a UTC ISO string, or null when it is none of these.
 */
export function parseTimeBound(raw: string, now: Date = new Date()): string | null {
  const s = raw.trim();
  const rel = /^(\d{1,6})([mhdw])$/.exec(s);
  if (rel) return new Date(now.getTime() - Number(rel[1]) * UNIT_MS[rel[2]!]!).toISOString();
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) return null;
  const withZone = /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`;
  const d = new Date(withZone.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

const timeBound = (name: string, now: Date) =>
  z.string().transform((s, ctx) => {
    const iso = parseTimeBound(s, now);
    if (iso === null) {
      ctx.addIssue({ code: 'custom', message: `${name} must be an ISO date or timestamp (2026-11-28, 2026-11-28T10:00:00Z) or an age like 24h or 7d` });
      return z.NEVER;
    }
    return iso;
  });

const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', ''])]).transform((v) => v === true || v === 'true' || v === '1' || v === 'yes' || v === '');

function querySchema(now: Date) {
  return z
    .object({
      since: timeBound('since', now).optional(),
      until: timeBound('until', now).optional(),
      site: z.string().trim().min(1).max(256).optional(),
      entity: z.string().trim().min(1).max(256).optional(),
      cluster: z.string().trim().min(1).max(128).optional(),
      story: z.string().trim().min(1).max(128).optional(),
      q: z.string().trim().min(1, 'q must not be empty').max(500, 'q must be at most 500 characters').optional(),
      limit: z.coerce
        .number({ error: 'limit must be a number' })
        .int('limit must be a whole number')
        .min(1, 'limit must be at least 1')
        .max(MAX_PAGE, `limit must be at most ${MAX_PAGE}`)
        .optional(),
      cursor: z.string().max(512).optional(),
      canonical: flag.optional(),
      id: z.union([z.string(), z.array(z.string())]).optional(),
    })
    .strict();
}

/**
 * Turn user input (HTTP query parameters or CLI options, all strings) into an ArticleFilter.
 * Unknown keys and bad values throw a ValidationError naming the field.
 */
export function parseArticleQuery(input: Record<string, unknown>, now: Date = new Date()): ArticleFilter {
  const clean = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const r = querySchema(now).safeParse(clean);
  if (!r.success) throw new ValidationError(formatIssues(r.error), r.error.issues);
  const { canonical, id, ...rest } = r.data;
  const f: ArticleFilter = { ...rest };
  if (canonical) f.canonicalOnly = true;
  if (id !== undefined) f.ids = (Array.isArray(id) ? id : [id]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  if (f.cursor !== undefined) decodeCursor(f.cursor);
  if (f.since && f.until && f.since >= f.until) throw new ValidationError('since must be before until');
  return f;
}

const entityQuerySchema = z
  .object({
    q: z.string().trim().min(1, 'q must not be empty').max(256).optional(),
    type: z.enum(['PER', 'ORG', 'LOC', 'MISC'], { error: 'type must be one of PER, ORG, LOC, MISC' }).optional(),
    limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be at least 1').max(MAX_PAGE, `limit must be at most ${MAX_PAGE}`).optional(),
  })
  .strict();

/** User input for an entity listing (HTTP query or CLI flags) → EntityFilter; a ValidationError names the field. */
export function parseEntityQuery(input: Record<string, unknown>): EntityFilter {
  const r = entityQuerySchema.safeParse(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
  if (!r.success) throw new ValidationError(formatIssues(r.error), r.error.issues);
  return r.data;
}

const storyQuerySchema = (now: Date) =>
  z
    .object({
      since: timeBound('since', now).optional(),
      until: timeBound('until', now).optional(),
      min: z.coerce.number({ error: 'min must be a number' }).int('min must be a whole number').min(1, 'min must be at least 1').optional(),
      limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be at least 1').max(MAX_PAGE, `limit must be at most ${MAX_PAGE}`).optional(),
    })
    .strict();

/** User input for a story listing (HTTP query or CLI flags: since, until, min articles, limit) → StoryFilter. */
export function parseStoryQuery(input: Record<string, unknown>, now: Date = new Date()): StoryFilter {
  const r = storyQuerySchema(now).safeParse(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
  if (!r.success) throw new ValidationError(formatIssues(r.error), r.error.issues);
  const { min, ...rest } = r.data;
  return min === undefined ? rest : { ...rest, minArticles: min };
}

/** Listing position: the last row's sort date and id (rows sort by date, then id, both descending). */
export interface Cursor {
  sortAt: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sortAt, c.id])).toString('base64url');
}

export function decodeCursor(s: string): Cursor {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0]))) {
      return { sortAt: v[0], id: v[1] };
    }
  } catch {
    // fall through
  }
  throw new ValidationError('cursor is not a cursor this API returned (pass nextCursor from the previous page)');
}

/**
 * A user's search text as terms: words (all must match), "double-quoted phrases", and a bare OR
 * between two terms. Punctuation is dropped, so no input can be a query syntax error.
 */
export function searchTerms(q: string): Array<string[] | 'OR'> {
  const out: Array<string[] | 'OR'> = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(q); m; m = re.exec(q)) {
    if (m[2] === 'OR') {
      if (out.length && out[out.length - 1] !== 'OR') out.push('OR');
      continue;
    }
    const words = (m[1] ?? m[2] ?? '').match(/[\p{L}\p{N}_]+/gu) ?? [];
    if (words.length) out.push(words);
  }
  while (out[out.length - 1] === 'OR') out.pop();
  return out;
}

const render = (q: string) => searchTerms(q).map((t) => (t === 'OR' ? 'or' : `"${t.join(' ')}"`));

/** The search as an FTS5 MATCH expression (SQLite). */
export function toFts5Query(q: string): string {
  return render(q).map((t) => (t === 'or' ? 'OR' : t)).join(' ');
}

/** The search as `websearch_to_tsquery` input (PostgreSQL), with the same meaning as toFts5Query. */
export function toWebSearchQuery(q: string): string {
  return render(q).join(' ');
}
