import { TextDecoder } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { AppError, bomCharset, charsetDecoder, charsetFromContentType } from '@newsflow/core';

/** Largest feed or sitemap text once un-gzipped: the sitemaps protocol caps a file at 50 MB. */
export const MAX_FEED_TEXT_BYTES = 64 * 1024 * 1024;

/** `encoding="…"` of the XML declaration, read from the first bytes as ASCII. */
function xmlDeclCharset(b: Uint8Array): string | undefined {
  const head = Buffer.from(b.subarray(0, 512)).toString('latin1');
  return /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1]?.toLowerCase();
}

/**
 * The text of a fetched feed or sitemap. A gzip body (`sitemap.xml.gz`, served as a file rather
 * than with Content-Encoding, which the fetcher already undoes) is un-gzipped, up to
 * `MAX_FEED_TEXT_BYTES`. The charset is, in order: a byte-order mark, the Content-Type's `charset`
 * (RFC 7303: it overrides the document), the XML declaration's `encoding`, else UTF-8 (JSON Feed
 * and XML's default), windows-1252 and its aliases as browsers decode them. A label no decoder
 * knows falls back to UTF-8.
 */
export function decodeFeedBody(body: Buffer, contentType?: string, url = 'the feed'): string {
  let bytes: Buffer = body;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_FEED_TEXT_BYTES });
    } catch (err) {
      const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || /too large|Cannot create a Buffer/i.test((err as Error).message);
      throw new AppError(
        tooBig ? 'FEED_TOO_LARGE' : 'FEED_INVALID',
        tooBig ? `${url}: more than ${MAX_FEED_TEXT_BYTES} bytes once un-gzipped` : `${url}: a gzip body that does not decompress: ${(err as Error).message}`,
        { retryable: false },
      );
    }
  }
  const mark = bomCharset(bytes);
  if (mark) return new TextDecoder(mark.charset).decode(bytes.subarray(mark.skip));
  for (const label of [charsetFromContentType(contentType), xmlDeclCharset(bytes)]) {
    if (!label) continue;
    const d = charsetDecoder(label);
    if (d) return d.decode(bytes);
  }
  return new TextDecoder('utf-8').decode(bytes);
}
