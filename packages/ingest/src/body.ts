import { isUtf8 } from 'node:buffer';
import { HttpError } from './http-error.js';


/** Media type without parameters, lower-cased; '' when absent. */
export function mediaType(header: string | undefined | null): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** 415 unless the request's media type is one of `accepted`; a charset other than UTF-8 is refused too. */
export function requireMediaType(header: string | undefined | null, accepted: readonly string[]): void {
  const mt = mediaType(header);
  if (!accepted.includes(mt)) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Type must be ${accepted.join(' or ')}${mt ? `, not ${mt}` : ' (none was sent)'}`);
  }
  const charset = /;\s*charset="?([^";\s]+)/i.exec(header ?? '')?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `charset must be utf-8, not ${charset}`);
  }
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'PAYLOAD_TOO_LARGE', `request body is larger than the limit of ${limit} bytes`);
}

/** Read a whole body, refusing (413) as soon as it passes `limit` bytes, before buffering the rest. */
export async function readBody(req: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  // With a declared length the HTTP parser enforces it, so the runtime's own (fast) reader is safe.
  if (Number.isFinite(declared)) return new Uint8Array(await req.arrayBuffer());
  if (!req.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0]! : concat(chunks, size);
}

/** Decode UTF-8 strictly and parse JSON; a clear 400 for either failure. */
export function parseJsonBytes(bytes: Uint8Array, what = 'request body'): unknown {
  if (!isUtf8(bytes)) throw new HttpError(400, 'INVALID_UTF8', `${what} is not valid UTF-8`);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.trim() === '') throw new HttpError(400, 'INVALID_JSON', `${what} is empty; send a JSON document`);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, 'INVALID_JSON', `${what} is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * Split a byte stream into lines (LF or CRLF) without decoding across chunk borders, so a
 * multi-byte character split between chunks is intact. A line longer than `maxLine` is
 * reported as `tooLong` (its bytes are dropped) rather than failing the whole stream.
 */
export async function* byteLines(
  body: ReadableStream<Uint8Array>,
  opts: { maxLine: number; maxTotal: number },
): AsyncGenerator<{ line: number; bytes: Uint8Array | null }> {
  const reader = body.getReader();
  let parts: Uint8Array[] = [];
  let partLen = 0;
  let overflow = false;
  let lineNo = 0;
  let total = 0;
  const flush = (): { line: number; bytes: Uint8Array | null } => {
    lineNo += 1;
    let bytes: Uint8Array | null = null;
    if (!overflow) {
      bytes = parts.length === 1 ? parts[0]! : concat(parts, partLen);
      if (bytes.byteLength && bytes[bytes.byteLength - 1] === 13) bytes = bytes.subarray(0, bytes.byteLength - 1);
    }
    parts = [];
    partLen = 0;
    overflow = false;
    return { line: lineNo, bytes };
  };
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > opts.maxTotal) throw tooLarge(opts.maxTotal);
      let start = 0;
      for (;;) {
        const nl = value.indexOf(10, start);
        const end = nl === -1 ? value.byteLength : nl;
        if (!overflow) {
          if (partLen + (end - start) > opts.maxLine) {
            overflow = true;
            parts = [];
            partLen = 0;
          } else if (end > start) {
            parts.push(value.subarray(start, end));
            partLen += end - start;
          }
        }
        if (nl === -1) break;
        yield flush();
        start = nl + 1;
      }
    }
    finished = true;
  } finally {
    // A consumer that stops early (a limit) or a stream over the limit: the rest is not read.
    if (!finished) await reader.cancel().catch(() => undefined);
  }
  if (partLen > 0 || overflow) yield flush();
}

function concat(parts: Uint8Array[], len: number): Uint8Array {
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.byteLength;
  }
  return out;
}
