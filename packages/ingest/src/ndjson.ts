import { AppError } from '@newsflow/core';
import type { BatchResponse, ItemResult } from './api-schemas.js';
import type { Backpressure } from './backpressure.js';
import { byteLines, parseJsonBytes } from './body.js';
import { HttpError, errorBody, type ErrorBody } from './http-error.js';
import type { Producer } from './producer.js';
import { rejectedItem, resultLog, toItem } from './results.js';

export interface NdjsonLimits {
  /** Bytes of the whole stream. */
  maxBytes: number;
  /** Bytes of one line; a longer line is rejected alone. */
  maxLineBytes: number;
  /** Lines read; past it the stream is not read further and the answer is 413. */
  maxLines: number;
  /** Per-line results listed in the answer; every line is counted either way. */
  maxResults: number;
  /** Rejected lines listed when per-line results were left out. */
  maxErrors: number;
}

export interface NdjsonAnswer {
  status: 200 | 413 | 503;
  body: BatchResponse | (ErrorBody & BatchResponse);
  headers: Record<string, string>;
}

/**
 * Pages submitted per round trip. The backlog is read again before each, so one long stream
 * cannot put more than the backpressure limit into the queues (it was checked once per request).
 */
const CHUNK = 500;

const isBlank = (bytes: Uint8Array) => bytes.every((b) => b === 32 || b === 9 || b === 13);

/**
 * Take an NDJSON stream line by line in bounded memory: at most one chunk of parsed pages is held,
 * and results are kept for the first lines only (see `resultLog`). Stops reading at the byte or
 * line limit, or when Redis stops taking pages, and still reports what happened to the lines read.
 */
export async function ingestNdjson(body: ReadableStream<Uint8Array> | null, producer: Producer, backpressure: Backpressure, limits: NdjsonLimits): Promise<NdjsonAnswer> {
  const log = resultLog(limits.maxResults, limits.maxErrors);
  const retryAfter = String(backpressure.retryAfterSeconds);
  let pending: Array<{ line: number; value: unknown }> = [];
  const behind = `the pipeline is behind (limit ${backpressure.maxWaiting} pages waiting); send this line again after ${retryAfter} s`;
  const retryItem = (index: number, code = 'BACKPRESSURE', message = behind): ItemResult => ({ index, status: 'retry', error: { code, message } });
  const flush = async () => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    const room = Math.max(0, await backpressure.headroom());
    const take = batch.slice(0, room);
    try {
      if (take.length) (await producer.submitMany(take.map((p) => p.value))).forEach((r, k) => log.add(toItem(take[k]!.line, r)));
    } catch (err) {
      // Nothing of this chunk is known to be in: the client sends it again with the rest.
      const e = err as AppError;
      for (const p of batch) log.add(retryItem(p.line, e.code ?? 'INTERNAL', `not taken: ${e.message}`));
      throw err;
    }
    for (const p of batch.slice(room)) log.add(retryItem(p.line));
  };

  let stop: { status: 413 | 503; code: string; message: string } | null = null;
  try {
    if (body) {
      for await (const { line, bytes } of byteLines(body, { maxLine: limits.maxLineBytes, maxTotal: limits.maxBytes })) {
        if (line > limits.maxLines) {
          stop = {
            status: 413,
            code: 'TOO_MANY_LINES',
            message: `the stream has more than ${limits.maxLines} lines (INGEST_MAX_NDJSON_LINES); lines 1 to ${limits.maxLines} were handled as reported, the rest were not read: send them in another request`,
          };
          break;
        }
        if (bytes === null) {
          log.add(rejectedItem(line, 'PAYLOAD_TOO_LARGE', `line is longer than the limit of ${limits.maxLineBytes} bytes`));
          continue;
        }
        if (isBlank(bytes)) continue;
        try {
          pending.push({ line, value: parseJsonBytes(bytes, `line ${line}`) });
        } catch (err) {
          const e = err as HttpError;
          log.add(rejectedItem(line, e.code, e.message));
        }
        if (pending.length >= CHUNK) await flush();
      }
    }
    await flush();
  } catch (err) {
    if (err instanceof HttpError && err.status === 413) {
      // A stream that outgrows the limit mid-way: lines already read are kept and reported, so the
      // client knows exactly which ones went in.
      stop = { status: 413, code: err.code, message: `${err.message}; lines before the limit were handled as reported` };
      await flush();
    } else if ((err instanceof AppError || err instanceof HttpError) && (err instanceof HttpError ? err.status === 503 : err.retryable)) {
      stop = { status: 503, code: err.code, message: `${err.message}; lines before the failure were handled as reported, the rest were not read` };
    } else {
      throw err;
    }
  }
  const res = log.response();
  const headers: Record<string, string> = stop?.status === 503 || log.counts.retry > 0 ? { 'Retry-After': retryAfter } : {};
  if (stop) return { status: stop.status, body: { ...errorBody(stop.code, stop.message), ...res }, headers };
  return { status: 200, body: res, headers };
}
