import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '@newsflow/core';
import { MAX_FEED_TEXT_BYTES, decodeFeedBody } from './decode-feed.js';

const latin1 = (s: string) => Buffer.from(s, 'latin1');

describe('decodeFeedBody', () => {
  it('takes the charset from the Content-Type header over the XML declaration', () => {
    const xml = latin1('<?xml version="1.0" encoding="utf-8"?><rss><channel><title>Caf\u00e9 S\u00e3o</title></channel></rss>');
    expect(decodeFeedBody(xml, 'application/rss+xml; charset=ISO-8859-1')).toContain('Café São');
  });

  it('reads the XML declaration when the header names no charset (windows-1252 quotes too)', () => {
    const xml = Buffer.concat([latin1('<?xml version="1.0" encoding="windows-1252"?><rss><title>'), Buffer.from([0x93, 0x4e, 0x6f, 0x94, 0x20, 0xe9]), latin1('</title></rss>')]);
    expect(decodeFeedBody(xml, 'text/xml')).toContain('\u201cNo\u201d \u00e9');
    // Without either, UTF-8: the same bytes would not read as those characters.
    expect(decodeFeedBody(Buffer.from('<rss><title>Zürich</title></rss>', 'utf8'))).toContain('Zürich');
  });

  it('follows a byte-order mark (UTF-16) whatever the declaration says', () => {
    const text = '<?xml version="1.0" encoding="utf-8"?><rss><title>Ελλάδα</title></rss>';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeFeedBody(le)).toBe(text);
  });

  it('un-gzips a .xml.gz sitemap body, and decodes it by its declaration', () => {
    const xml = '<?xml version="1.0" encoding="ISO-8859-1"?><urlset><url><loc>https://a.example/caf\u00e9</loc></url></urlset>';
    expect(decodeFeedBody(gzipSync(latin1(xml)), 'application/x-gzip')).toBe(xml);
  });

  it('refuses a gzip body that grows past the cap, and one that is not gzip after all, naming the URL', () => {
    const bomb = gzipSync(Buffer.alloc(MAX_FEED_TEXT_BYTES + 1024, 0x20));
    expect(() => decodeFeedBody(bomb, undefined, 'https://a.example/s.xml.gz')).toThrow(/https:\/\/a\.example\/s\.xml\.gz: more than/);
    try {
      decodeFeedBody(bomb);
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('FEED_TOO_LARGE');
      expect((e as AppError).retryable).toBe(false);
    }
    expect(() => decodeFeedBody(Buffer.from([0x1f, 0x8b, 1, 2, 3]), undefined, 'https://a.example/x')).toThrow(/a gzip body that does not decompress/);
  });

  it('falls back to UTF-8 for a charset label no decoder knows', () => {
    expect(decodeFeedBody(Buffer.from('<rss><title>Ünïcode</title></rss>', 'utf8'), 'text/xml; charset=x-made-up')).toContain('Ünïcode');
  });
});
