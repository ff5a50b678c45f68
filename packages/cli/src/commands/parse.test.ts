import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommands } from '../../test/run-commands.js';
import { register } from './parse.js';

function run(...args: string[]): Promise<{ out: string[]; error?: Error }> {
  return runCommands([register], args);
}

const dir = mkdtempSync(join(tmpdir(), 'nf-parse-'));
const text = join(dir, 'page.txt');
writeFileSync(
  text,
  'Support Our Newsroom!\n\nLibrary Extends Opening Hours for Exam Season\n\nThe central library will stay open until midnight for the next three weeks so that students can prepare for exams.\n\nUpdate: The library later said the late hours apply on weekdays only.\n\nRead more\n',
);
const html = join(dir, 'page.html');
// windows-1252 bytes: "café" must come out right when the page declares its charset.
writeFileSync(
  html,
  Buffer.concat([
    Buffer.from('<html><head><meta charset="windows-1252"><title>Caf'),
    Buffer.from([0xe9]),
    Buffer.from(' Opens on the Square</title></head><body><article><h1>Caf'),
    Buffer.from([0xe9]),
    Buffer.from(' Opens on the Square</h1><p>A new caf'),
    Buffer.from([0xe9]),
    Buffer.from(' opened on the market square on Saturday, serving coffee roasted two streets away by a family business.</p><p>The owners said they had waited two years for the permit and plan to open a terrace in summer.</p></article></body></html>'),
  ]),
);

describe('newsflow parse', () => {
  it('prints title, body preview and corrections for a text page', async () => {
    const r = await run('parse', text);
    expect(r.error).toBeUndefined();
    const s = r.out.join('\n');
    expect(s).toContain('title:     Library Extends Opening Hours for Exam Season');
    expect(s).toContain('The central library will stay open until midnight');
    expect(s).toContain('[update] The library later said the late hours apply on weekdays only.');
    expect(s).not.toContain('Read more');
  });

  it('--json prints the ParsedArticle, decoding an HTML file by its meta charset', async () => {
    const r = await run('parse', html, '--json', '--url', 'https://town.example/cafe');
    const a = JSON.parse(r.out.join('\n'));
    expect(a.title).toBe('Café Opens on the Square');
    expect(a.body).toMatch(/^A new café opened/);
    expect(a.url).toBe('https://town.example/cafe');
    expect(a.paragraphs).toHaveLength(2);
  });

  it('fails clearly on a missing file and on a bad --url', async () => {
    expect((await run('parse', join(dir, 'nope.html'))).error?.message).toMatch(/nope\.html: cannot read \(ENOENT\)/);
    expect((await run('parse', text, '--url', 'not a url')).error?.message).toMatch(/--url/);
  });
});
