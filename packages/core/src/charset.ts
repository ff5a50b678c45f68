import { TextDecoder } from 'node:util';

/** windows-1252 code points for bytes 0x80–0x9F (the rest equal Latin-1). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** A text decoder: `TextDecoder`, or the windows-1252 one below. */
export type CharsetDecoder = { encoding: string; decode(b: Uint8Array): string };

/**
 * Node 20's TextDecoder decodes the "windows-1252" family (which the Encoding standard maps
 * "iso-8859-1", "latin1" and "ascii" to) as plain Latin-1, turning € and curly quotes into C1
 * controls. This decoder does what browsers do.
 */
export const windows1252: CharsetDecoder = {
  encoding: 'windows-1252',
  decode(b: Uint8Array): string {
    const s = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
    return s.replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!));
  },
};

/** The decoder for a charset label (Encoding standard names and aliases), or undefined when none knows it. */
export function charsetDecoder(label: string | undefined): CharsetDecoder | undefined {
  if (!label) return undefined;
  try {
    const d = new TextDecoder(label, { fatal: false });
    return d.encoding === 'windows-1252' ? windows1252 : d;
  } catch {
    return undefined;
  }
}

/** Charset named in a content-type header or meta tag, lower-cased, or undefined. */
export function charsetFromContentType(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /charset\s*=\s*["']?([\w.:-]+)/i.exec(value);
  return m ? m[1]!.toLowerCase() : undefined;
}

/** The charset a byte-order mark names, and its length; undefined without one. */
export function bomCharset(b: Uint8Array): { charset: string; skip: number } | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  return undefined;
}
