import { z } from 'zod';
import { HttpUrl, IsoDateTime, Trace } from './common.js';

/** 20 MB: the largest page body a scraper may submit in one field. */
export const MAX_PAGE_CHARS = 20 * 1024 * 1024;

/** The fields of a submission (`RawArticle` below adds the one-body rule). */
const rawArticleFields = {
  url: HttpUrl,
  html: z.string().max(MAX_PAGE_CHARS).optional(),
  /** Raw page bytes, base64: lets the parser honour BOM, `<meta charset>` and HTTP charset. */
  htmlBase64: z.string().max(Math.ceil((MAX_PAGE_CHARS * 4) / 3) + 4).regex(/^[A-Za-z0-9+/=\r\n]*$/, 'must be base64').optional(),
  text: z.string().max(MAX_PAGE_CHARS).optional(),
  /** When the scraper fetched the page; defaults to the time ingest received it. */
  fetchedAt: IsoDateTime.optional(),
  /** Site or source name as the scraper knows it, e.g. "The Moscow Times". */
  site: z.string().max(256).optional(),
  /** Name of the scraper or feed that produced this page. */
  source: z.string().max(256).optional(),
  /** BCP 47 language hint, e.g. "en" or "pt-BR". */
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "en" or "pt-BR"')
    .optional(),
  /** HTTP response headers, lower- or mixed-case names; `content-type` carries the charset. */
  headers: z.record(z.string().max(256), z.string().max(8192)).optional(),
  /** Free-form scraper metadata, kept with the article. */
  metadata: z.record(z.string().max(256), z.unknown()).optional(),
};

/** The one body field a page carries. */
export const PageBodyField = z.enum(['html', 'htmlBase64', 'text']);
export type PageBodyField = z.infer<typeof PageBodyField>;

/**
 * Where a queued page's body waits in Redis: a string key of its own, written once by the producer
 * and read once by parse, which deletes it. Job data then stays a few hundred bytes, so the raw page
 * is not serialised, copied and retained by every hop that only passes it on (#13).
 */
export const PageBodyRef = z
  .object({
    /** Redis key of the body (same hash slot as the queues). */
    key: z.string().min(1).max(512),
    /** Which `RawArticle` field the body is. */
    field: PageBodyField,
    /** Its length in UTF-16 code units, for dashboards and checks. */
    length: z.number().int().nonnegative(),
  })
  .strict();
export type PageBodyRef = z.infer<typeof PageBodyRef>;

const bodyIssue = (v: { html?: string | undefined; htmlBase64?: string | undefined; text?: string | undefined }, ctx: z.RefinementCtx, ref: boolean, at: string[] = []) => {
  const bodies = [v.html, v.htmlBase64, v.text].filter((b) => b !== undefined);
  if (bodies.length + (ref ? 1 : 0) === 0) {
    ctx.addIssue({ code: 'custom', path: [...at, 'html'], message: 'one of html, htmlBase64 or text is required' });
  } else if (bodies.length + (ref ? 1 : 0) > 1) {
    ctx.addIssue({ code: 'custom', path: [...at, 'text'], message: ref ? 'a page with bodyRef carries no html, htmlBase64 or text' : 'give only one of html, htmlBase64 or text' });
  } else if (bodies.length === 1 && bodies[0]!.trim().length === 0) {
    const key = v.html !== undefined ? 'html' : v.htmlBase64 !== undefined ? 'htmlBase64' : 'text';
    ctx.addIssue({ code: 'custom', path: [...at, key], message: 'must not be empty' });
  }
};

/**
 * What a scraper submits. Exactly one of `html`, `htmlBase64` (raw bytes in any charset) or
 * `text` (text copied from the page) carries the page.
 */
export const RawArticle = z
  .object(rawArticleFields)
  .strict()
  .superRefine((v, ctx) => bodyIssue(v, ctx, false));
export type RawArticle = z.infer<typeof RawArticle>;

/**
 * A submission accepted by ingest and queued for the `ingest` stage. `pageId` is a hash of url and
 * content, so the same page submitted twice is the same job.
 */
export const IngestJob = z
  .object({
    pageId: z.string().regex(/^[a-f0-9]{32}$/),
    receivedAt: IsoDateTime,
    // The page, its body inline or (from newsflow's own producers) in `bodyRef` instead.
    page: z.object(rawArticleFields).strict(),
    /** Optional (added in 0.3): the page body kept in Redis rather than inline in `page`. */
    bodyRef: PageBodyRef.optional(),
    trace: Trace,
  })
  .superRefine((v, ctx) => bodyIssue(v.page, ctx, v.bodyRef !== undefined, ['page']));
export type IngestJob = z.infer<typeof IngestJob>;

/** A page ready for parsing: `fetchedAt` resolved, headers lower-cased. */
export const ParseJob = z.object({
  pageId: z.string().regex(/^[a-f0-9]{32}$/),
  receivedAt: IsoDateTime,
  url: HttpUrl,
  fetchedAt: IsoDateTime,
  html: z.string().optional(),
  htmlBase64: z.string().optional(),
  text: z.string().optional(),
  /** Optional (added in 0.3): the body in Redis instead of `html`/`htmlBase64`/`text`; parse loads it. */
  bodyRef: PageBodyRef.optional(),
  site: z.string().optional(),
  source: z.string().optional(),
  language: z.string().optional(),
  headers: z.record(z.string(), z.string()).default({}),
  metadata: z.record(z.string(), z.unknown()).default({}),
  trace: Trace,
});
export type ParseJob = z.infer<typeof ParseJob>;
