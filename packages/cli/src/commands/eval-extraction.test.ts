import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCommands } from '../../test/run-commands.js';
import { loadDataset } from '@newsflow/parse';
import { register as registerEval } from './eval-extraction.js';
import { benchInProcess } from './bench-parse.js';

// A two-page dataset in the scrapinghub layout, written here (tests never read ../shared).
const dir = mkdtempSync(join(tmpdir(), 'nf-eval-'));
mkdirSync(join(dir, 'html'));
const bodies = {
  aa: 'The river ferry will run every hour from May, the transport office said on Friday after a vote.',
  bb: 'A new library opened in the old post office building, with a reading room for two hundred people.',
};
const gt: Record<string, { articleBody: string; url: string }> = {};
for (const [id, body] of Object.entries(bodies)) {
  gt[id] = { articleBody: body, url: `https://news.example/${id}` };
  const html = `<html><head><title>Story ${id}</title></head><body><nav><a href="/">Home</a> <a href="/x">Sport</a></nav><article><h1>Story ${id}</h1><p>${body}</p></article><footer>© 2026 News Example</footer></body></html>`;
  writeFileSync(join(dir, 'html', `${id}.html.gz`), gzipSync(html));
}
writeFileSync(join(dir, 'ground-truth.json'), JSON.stringify(gt));
const preds = join(dir, 'other.json');
writeFileSync(preds, JSON.stringify({ version: '1', output: { aa: { articleBody: bodies.aa }, bb: { articleBody: '' } } }));

function run(...args: string[]): Promise<{ out: string[]; error?: Error }> {
  return runCommands([registerEval], args);
}

describe('newsflow eval extraction', () => {
  it('--json scores newsflow on a scrapinghub-format folder', async () => {
    const r = await run('eval', 'extraction', '--dataset', dir, '--json');
    const j = JSON.parse(r.out.join(''));
    expect(j).toMatchObject({ system: 'newsflow', format: 'scrapinghub', pages: 2, failed: 0, f1: 1, precision: 1, recall: 1 });
  });

  it('--as-text scores the text path on the text a reader copies off each page (menu and footer included)', async () => {
    const j = JSON.parse((await run('eval', 'extraction', '--dataset', dir, '--as-text', '--json')).out.join(''));
    expect(j).toMatchObject({ system: 'newsflow (text path, copied text)', pages: 2, failed: 0, f1: 1 });
    expect((await run('eval', 'extraction', '--dataset', dir, '--as-text', '--predictions', preds)).error?.message).toMatch(/--as-text/);
  });

  it('--predictions scores another system with the same metric (an empty prediction counts against recall)', async () => {
    const j = JSON.parse((await run('eval', 'extraction', '--dataset', dir, '--predictions', preds, '--json')).out.join(''));
    expect(j.precision).toBe(1);
    expect(j.recall).toBe(0.5);
    expect(j.f1).toBeCloseTo(2 / 3);
  });

  it('fails clearly on a folder that is no benchmark', async () => {
    const r = await run('eval', 'extraction', '--dataset', tmpdir() + '/nf-missing-dir');
    expect(r.error?.message).toMatch(/--dataset: .* does not exist/);
    const empty = mkdtempSync(join(tmpdir(), 'nf-empty-'));
    expect((await run('eval', 'extraction', '--dataset', empty)).error?.message).toMatch(/no ground-truth\.json/);
  });
});

describe('bench parse (one system, in process)', () => {
  it('reports pages/s, percentiles, peak memory and F1 for newsflow and Readability over linkedom', async () => {
    const pages = loadDataset(dir);
    for (const system of ['newsflow', 'readability-linkedom'] as const) {
      const r = await benchInProcess(system, pages, 2);
      expect(r).toMatchObject({ system, pages: 2, rounds: 2, errors: 0 });
      expect(r.pagesPerSec).toBeGreaterThan(0);
      expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
      expect(r.peakRssMb).toBeGreaterThan(0);
      expect(r.f1).not.toBeNull();
    }
  });
});
