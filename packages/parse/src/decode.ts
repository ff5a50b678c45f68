import { AppError, bomCharset, charsetDecoder as decoderFor, charsetFromContentType, windows1252 } from '@newsflow/core';

export { charsetFromContentType };

/** Bytes examined for a `<meta charset>` declaration, as the HTML standard's prescan does. */
const PRESCAN_BYTES = 4096;

/** `<meta charset=…>` or `<meta http-equiv=content-type content="…charset=…">` in the first bytes. */
export function metaCharset(b: Uint8Array): string | undefined {
  const head = Buffer.from(b.subarray(0, PRESCAN_BYTES)).toString('latin1');
  const re = /<meta\b[^>]*>/gi;
  for (let m = re.exec(head); m; m = re.exec(head)) {
    const tag = m[0];
    const direct = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag);
    if (direct) return direct[1]!.toLowerCase();
  }
  return undefined;
}

/** At least a few UTF-8 multi-byte sequences (lead byte then continuation bytes) in the first 64 KB. */
function hasMultibyteUtf8(b: Uint8Array): boolean {
  const n = Math.min(b.length, 1 << 16);
  let seen = 0;
  for (let i = 0; i < n - 1; i++) {
    const c = b[i]!;
    if (c >= 0xc2 && c <= 0xf4 && (b[i + 1]! & 0xc0) === 0x80 && ++seen >= 3) return true;
  }
  return false;
}

function looksLikeUtf8(b: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, 1 << 16));
    return true;
  } catch (e) {
    // A multi-byte sequence cut at the sample's end is still UTF-8.
    return b.length > 1 << 16 && /truncated|incomplete/i.test(String(e));
  }
}

/** A NUL-heavy or control-heavy buffer is not a text page: decoding it gives garbage, not an article. */
export function isProbablyBinary(b: Uint8Array): boolean {
  const n = Math.min(b.length, 8192);
  if (n === 0) return false;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    // Text never holds NUL (UTF-16 pages carry a BOM and are decoded before this check).
    if (c === 0) return true;
    if (c < 8 || (c > 13 && c < 32 && c !== 27)) bad++;
  }
  return bad / n > 0.02;
}

/** The same test on text already decoded: NUL, many control characters or runs of U+FFFD. */
export function isBinaryText(s: string): boolean {
  const head = s.slice(0, 8192);
  if (head.includes('\u0000') || /\uFFFD{8,}/.test(s.slice(0, 65536))) return true;
  const controls = head.match(/[\u0001-\u0008\u000e-\u001a\u001c-\u001f]/g)?.length ?? 0;
  return head.length > 0 && controls / head.length > 0.02;
}

export interface DecodedPage {
  text: string;
  /** The charset used, e.g. `windows-1252`. */
  charset: string;
  /** Where the charset came from. */
  from: 'bom' | 'header' | 'meta' | 'sniff' | 'default';
}

/**
 * Decode raw page bytes the way a browser would, in order: byte-order mark, the HTTP
 * `content-type` charset, `<meta charset>` in the first 4 KB, then UTF-8 if the bytes are valid
 * UTF-8, else windows-1252 (which is what browsers use for "iso-8859-1" and unlabeled pages). One
 * departure from browsers: a legacy label on bytes that are valid multi-byte UTF-8 is taken as stale.
 */
export function decodeBytes(bytes: Uint8Array, contentType?: string): DecodedPage {
  const bom = bomCharset(bytes);
  if (bom) return { text: new TextDecoder(bom.charset).decode(bytes.subarray(bom.skip)), charset: bom.charset, from: 'bom' };
  const headerCharset = charsetFromContentType(contentType);
  if (headerCharset?.startsWith('utf-16')) {
    const dec = decoderFor(headerCharset);
    if (dec) return { text: dec.decode(bytes), charset: dec.encoding, from: 'header' };
  }
  if (isProbablyBinary(bytes)) {
    throw new AppError('BINARY_CONTENT', 'htmlBase64: the page bytes are binary (NUL/control bytes), not an HTML or text page', {
      retryable: false,
    });
  }
  const tryLabel = (label: string | undefined, from: DecodedPage['from']): DecodedPage | undefined => {
    const dec = decoderFor(label);
    if (!dec) return undefined;
    // A page labelled UTF-16 but with no BOM is almost always mislabelled ASCII-compatible bytes.
    if (dec.encoding.startsWith('utf-16') && from === 'meta') return undefined;
    // A legacy label on bytes that are valid UTF-8 with multi-byte characters is a stale label (a page
    // re-saved as UTF-8, a server default): legacy text almost never forms valid UTF-8 sequences.
    if (dec.encoding !== 'utf-8' && hasMultibyteUtf8(bytes) && looksLikeUtf8(bytes)) {
      return { text: new TextDecoder('utf-8').decode(bytes), charset: 'utf-8', from: 'sniff' };
    }
    return { text: dec.decode(bytes), charset: dec.encoding, from };
  };
  return (
    tryLabel(headerCharset, 'header') ??
    tryLabel(metaCharset(bytes), 'meta') ??
    (looksLikeUtf8(bytes)
      ? { text: new TextDecoder('utf-8').decode(bytes), charset: 'utf-8', from: 'sniff' }
      : { text: windows1252.decode(bytes), charset: 'windows-1252', from: 'default' })
  );
}

/** Decode a `htmlBase64` field; a field that is not base64 is a clear, unrecoverable error. */
export function decodeBase64Page(b64: string, contentType?: string): DecodedPage {
  const clean = b64.replace(/[\r\n]/g, '');
  // Node's decoder skips characters outside the alphabet, so a string with any of them decodes to fewer
  // bytes than its length promises: one length check instead of a regex pass over megabytes.
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const bytes = Buffer.from(clean, 'base64');
  if (clean.length % 4 === 1 || bytes.length !== Math.floor((clean.length * 3) / 4) - pad || /=[^=]/.test(clean.slice(-3))) {
    throw new AppError('BAD_ENCODING', 'htmlBase64: not valid base64', { retryable: false });
  }
  return decodeBytes(bytes, contentType);
}
