import { z } from 'zod';

/**
 * Shapes of the API's responses. The handlers build these objects and the OpenAPI document is
 * generated from the same schemas, so the document cannot drift from what the server sends.
 */
export const FieldIssueSchema = z.object({ path: z.string(), message: z.string() });

export const ErrorResponse = z.object({
  error: z.object({
    code: z.string().describe('Stable machine-readable code, e.g. VALIDATION_FAILED, BACKPRESSURE'),
    message: z.string(),
    issues: z.array(FieldIssueSchema).optional().describe('One entry per failing field'),
  }),
});

export const SubmitResponse = z.object({
  pageId: z.string().describe('Hash of url + content; the same page always gets the same id'),
  duplicate: z.boolean().describe('True when this page was already queued or processed'),
  statusUrl: z.string(),
});

export const ItemResult = z.object({
  index: z.number().int().describe('0-based position in the batch, or 1-based line number for NDJSON'),
  status: z.enum(['accepted', 'duplicate', 'rejected', 'retry']).describe("'retry' (NDJSON only): not taken because the pipeline is behind; send the line again after Retry-After"),
  pageId: z.string().optional(),
  error: ErrorResponse.shape.error.optional(),
});
export type ItemResult = z.infer<typeof ItemResult>;

export const BatchResponse = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  retry: z.number().int().optional().describe('NDJSON: lines not taken because the pipeline is behind (backpressure); send them again after Retry-After'),
  results: z.array(ItemResult).describe('Per-item results; for NDJSON only the first lines (INGEST_MAX_NDJSON_RESULTS)'),
  retryFromLine: z
    .number()
    .int()
    .optional()
    .describe('NDJSON: first line not taken (retry or a Redis failure); sending the stream again from here is safe, lines already in come back as duplicates'),
  omitted: z.number().int().optional().describe('NDJSON: results not listed in `results`; they are counted above'),
  errors: z.array(ItemResult).optional().describe('NDJSON, when results were omitted: the first rejected lines among those not listed'),
});
export type BatchResponse = z.infer<typeof BatchResponse>;

export const PageStatusResponse = z.object({
  pageId: z.string(),
  state: z.enum(['queued', 'processing', 'stored', 'failed', 'unknown']),
  stage: z.enum(['ingest', 'parse', 'entity', 'dedupe', 'sink']).nullable(),
  articleId: z.string().optional(),
  reason: z.string().optional(),
});

export const PageStatusList = z.object({ pages: z.array(PageStatusResponse) });
