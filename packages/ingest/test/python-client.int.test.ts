import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useHarness } from '@newsflow/testing';
import { TOKEN, startApi } from './helpers.js';

const h = useHarness();
const clientDir = join(dirname(fileURLToPath(import.meta.url)), '../../../clients/python');

function python(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    execFile('python3', args, { cwd: clientDir, env: { ...process.env, ...env, PYTHONPATH: clientDir }, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new Error('python3 not found: the Python client test needs it (Debian: apt-get install -y python3)'));
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

describe('the Python client (clients/python) against a running API', () => {
  it('passes its unittest suite, live tests included, and its pages reach the ingest queue', async () => {
    const t = h();
    const { url, queues } = await startApi(t);
    const r = await python(['-m', 'unittest', 'discover', '-s', 'tests', '-v'], { NEWSFLOW_URL: url, NEWSFLOW_TOKEN: TOKEN, NEWSFLOW_REQUIRE_API: '1' });
    expect(r.out).toMatch(/Ran 1[0-9] tests/);
    expect(r.out).not.toMatch(/skipped/);
    expect(r.code, r.out).toBe(0);
    // submit 1, batch 3, NDJSON 2, Scrapy pipeline 5: distinct pages, each queued once.
    expect(await queues.ingest.count()).toBe(11);
  }, 180_000);
});
