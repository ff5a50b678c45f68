import { describe, expect, it } from 'vitest';
import { decodeBytes } from './decode.js';

const cafe1252 = Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x35]); // "Café €5" in windows-1252

describe('decodeBytes: the charset a browser would pick', () => {
  it('honours a UTF-8 BOM over any label', () => {
    const r = decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Café', 'utf8')]), 'text/html; charset=iso-8859-1');
    expect(r).toEqual({ text: 'Café', charset: 'utf-8', from: 'bom' });
  });

  it('decodes UTF-16LE and UTF-16BE by their BOM', () => {
    expect(decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<p>Grüße</p>', 'utf16le')])).text).toBe('<p>Grüße</p>');
    const be = Buffer.from('<p>Grüße</p>', 'utf16le').swap16();
    expect(decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be])).text).toBe('<p>Grüße</p>');
  });

  it('uses the HTTP content-type charset before <meta charset>', () => {
    const page = Buffer.concat([Buffer.from('<meta charset="utf-8"><p>'), cafe1252, Buffer.from('</p>')]);
    const r = decodeBytes(page, 'text/html; charset=windows-1252');
    expect(r.text).toBe('<meta charset="utf-8"><p>Café €5</p>');
    expect(r.from).toBe('header');
  });

  it('reads <meta charset> and <meta http-equiv> declarations (ISO-8859-2, windows-1251)', () => {
    const pl = Buffer.concat([Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2"><p>'), Buffer.from([0xa3, 0xf3, 0x64, 0xbc]), Buffer.from('</p>')]);
    expect(decodeBytes(pl).text).toContain('Łódź');
    const ru = Buffer.concat([Buffer.from("<meta charset='windows-1251'><p>"), Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]), Buffer.from('</p>')]);
    expect(decodeBytes(ru).text).toContain('Привет');
  });

  it('falls back to windows-1252 for unlabeled bytes that are not UTF-8, and UTF-8 when they are', () => {
    expect(decodeBytes(Buffer.concat([Buffer.from('<p>'), cafe1252]))).toMatchObject({ text: '<p>Café €5', from: 'default' });
    expect(decodeBytes(Buffer.from('<p>Café €5', 'utf8'))).toMatchObject({ text: '<p>Café €5', from: 'sniff' });
  });

  it('ignores an unknown charset label instead of failing', () => {
    expect(decodeBytes(Buffer.from('<p>plain</p>'), 'text/html; charset=x-made-up').text).toBe('<p>plain</p>');
  });

  it('takes a legacy label on valid multi-byte UTF-8 as stale, but decodes real legacy bytes by their label', () => {
    const resaved = Buffer.from('<meta charset="gb2312"><title>人工智能迈上新台阶</title>', 'utf8');
    expect(decodeBytes(resaved)).toMatchObject({ text: '<meta charset="gb2312"><title>人工智能迈上新台阶</title>', charset: 'utf-8', from: 'sniff' });
    const gbk = Buffer.concat([Buffer.from('<meta charset="gbk"><p>'), Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0xd0, 0xc2, 0xce, 0xc5]), Buffer.from('</p>')]);
    expect(decodeBytes(gbk)).toMatchObject({ text: '<meta charset="gbk"><p>中文新闻</p>', charset: 'gbk', from: 'meta' });
    // Latin-1 text with one accented letter is not UTF-8 either: its label stands.
    const latin = Buffer.concat([Buffer.from('<meta charset="iso-8859-1"><p>'), cafe1252, Buffer.from('</p>')]);
    expect(decodeBytes(latin)).toMatchObject({ text: '<meta charset="iso-8859-1"><p>Café €5</p>', from: 'meta' });
  });
});
