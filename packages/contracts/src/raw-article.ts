import { z } from 'zod';
import { HttpUrl, IsoDateTime, Trace } from './common.js';

/** 20 MB: the largest page body a scraper may submit in one field. */
export const MAX_PAGE_CHARS = 20 * 1024 * 1024;

/**
 * What a scraper submits. Exactly one of `html`, `htmlBase64` (raw bytes in any charset) or
 * `text` (text copied from the page) carries the page.
 */
export const RawArticle = z
  .object({
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
  })
  .strict()
  .superRefine((v, ctx) => {
    const bodies = [v.html, v.htmlBase64, v.text].filter((b) => b !== undefined);
    if (bodies.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['html'], message: 'one of html, htmlBase64 or text is required' });
    } else if (bodies.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'give only one of html, htmlBase64 or text' });
    } else if (bodies[0]!.trim().length === 0) {
      const key = v.html !== undefined ? 'html' : v.htmlBase64 !== undefined ? 'htmlBase64' : 'text';
      ctx.addIssue({ code: 'custom', path: [key], message: 'must not be empty' });
    }
  });
export type RawArticle = z.infer<typeof RawArticle>;

/**
 * A submission accepted by ingest and queued for the `ingest` stage. `pageId` is a hash of url and
 * content, so the same page submitted twice is the same job.
 */
export const IngestJob = z.object({
  pageId: z.string().regex(/^[a-f0-9]{32}$/),
  receivedAt: IsoDateTime,
  page: RawArticle,
  trace: Trace,
});
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
  site: z.string().optional(),
  source: z.string().optional(),
  language: z.string().optional(),
  headers: z.record(z.string(), z.string()).default({}),
  metadata: z.record(z.string(), z.unknown()).default({}),
  trace: Trace,
});
export type ParseJob = z.infer<typeof ParseJob>;
