import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createProducer } from '@newsflow/ingest';
import { eventually, syntheticPage, useHarness } from '@newsflow/testing';
import { REPO, cliEnvFor, spawnCli, stopChild } from './cli.js';

const h = useHarness();
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = join(REPO, 'test-results', 'dashboard');
const PAGES = 12;
const TOKEN = 'browser-token-0123456789abcdef';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is needed for the dashboard browser test and was not found at ${CHROMIUM}. Install it: sudo apt-get install -y chromium (Debian/Ubuntu), or set CHROMIUM_PATH.`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

describe('dashboard in a real browser', () => {
  it('after pages were processed, the pipeline page shows stage counts, an article with its entities, a failed job with its reason; bull-board lists the queues and retries a job; nothing is fetched from another host or blocked by the CSP', async () => {
    const t = h();
    const home = mkdtempSync(join(tmpdir(), 'nf-browser-'));
    const env = cliEnvFor(t.redisUrl, t.prefix, { NEWSFLOW_API_TOKEN: TOKEN, SINK: 'sqlite', SQLITE_PATH: join(home, 'newsflow.db'), NEWSFLOW_HOME: home });
    const browser = await launch();
    const start = spawnCli(['start', '--port', '0'], env);
    try {
      const url = await eventually(() => /dashboard:\s+(http:\/\/\S+)\/dashboard/.exec(start.output())?.[1], `newsflow start to come up: ${start.output()}`, 60_000, 100);
      const producer = t.defer(createProducer({ connection: t.connection('producer'), prefix: t.prefix }));
      const pages = Array.from({ length: PAGES }, (_, i) => syntheticPage(i, { seed: 5, site: 'Example Tribune' }));
      for (const p of pages) await producer.submit({ url: p.url, html: p.html, site: p.site });
      // A job no stage can process: an entity payload without the fields a parsed article has.
      await t.queues().entity.add('article', { title: 'half an article' }, { jobId: 'broken-entity-job' });
      await eventually(
        async () => (await t.queues().sink.getCompletedCount()) === PAGES && (await t.queues().entity.getFailedCount()) === 1,
        `pages stored and one failure: ${JSON.stringify(await Promise.all(Object.values(t.queues()).map((q) => q.getJobCounts())))}\n${start.output()}`,
        60_000,
        200,
      );

      const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
      // Nothing may leave for another host (bull-board's page linked Google Fonts), and nothing may
      // be blocked by our CSP (that would be a broken page).
      const offsite: string[] = [];
      ctx.on('request', (r) => {
        const u = new URL(r.url());
        if ((u.protocol === 'http:' || u.protocol === 'https:') && !LOOPBACK.has(u.hostname)) offsite.push(r.url());
      });
      await ctx.addInitScript(() => {
        const w = window as unknown as { cspViolations: string[] };
        w.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      const cspViolations = async () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
      const page = await ctx.newPage();
      const jsErrors: string[] = [];
      page.on('pageerror', (e) => jsErrors.push(e.message));
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) jsErrors.push(m.text());
      });
      await page.goto(`${url}/dashboard?token=${TOKEN}`);
      expect(page.url()).toBe(`${url}/dashboard`); // the token moved into an HttpOnly cookie
      await page.waitForSelector('body[data-loaded="true"]');
      // Reported, not asserted: how fast the page is usable (first data rendered) and what it weighs.
      const timing = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        return { domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd), bytes: nav.transferSize + res.reduce((n, r) => n + r.transferSize, 0) };
      });
      process.stderr.write(`dashboard page: DOMContentLoaded ${timing.domContentLoadedMs} ms, ${timing.bytes} bytes transferred incl. first overview\n`);
      for (const stage of ['ingest', 'parse', 'dedupe', 'sink']) {
        await expect.poll(() => page.textContent(`[data-stage="${stage}"] dd[data-field="completed"]`)).toBe(String(PAGES));
      }
      expect(await page.textContent('[data-stage="entity"] dd[data-field="failed"]')).toBe('1');
      const failedRow = page.locator('#failed tr[data-job="broken-entity-job"]');
      await expect.poll(() => failedRow.locator('td.reason').textContent()).toMatch(/^VALIDATION_FAILED: entity payload: .*id: /);
      expect(await failedRow.isVisible()).toBe(true);
      expect(await page.locator('#articles tbody tr').count()).toBe(Math.min(PAGES, 20));

      // An article's entities, on the list and on its own page, as the API reports them.
      const firstRow = page.locator('#articles tbody tr').first();
      const id = (await firstRow.getAttribute('data-article'))!;
      const api = (await (await fetch(`${url}/dashboard/api/articles/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as {
        article: { title: string; entities: Array<{ name: string }> };
      };
      expect(api.article.entities.length).toBeGreaterThan(0);
      const rowEntities = await firstRow.locator('td.entities .tag').allTextContents();
      expect(rowEntities.length).toBeGreaterThan(0);
      for (const name of rowEntities) expect(api.article.entities.map((e) => e.name)).toContain(name);
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, 'pipeline.png'), fullPage: true });

      // Wait for the article page itself: the pipeline page is data-loaded already.
      await Promise.all([
        page.waitForURL((u) => u.pathname === `/dashboard/articles/${encodeURIComponent(id)}`),
        page.locator(`#articles tr[data-article="${id}"] a`).click(),
      ]);
      await page.waitForSelector('body[data-loaded="true"]');
      expect(await page.textContent('#title')).toBe(api.article.title);
      const names = await page.locator('#entities tbody tr td:first-child').allTextContents();
      expect(new Set(names)).toEqual(new Set(api.article.entities.map((e) => e.name)));
      expect(await page.locator('#trace tbody tr td:first-child').allTextContents()).toEqual(['ingest', 'parse', 'entity', 'dedupe', 'sink']);
      await page.screenshot({ path: join(SHOTS, 'article.png'), fullPage: true });
      expect(await cspViolations()).toEqual([]);
      expect(jsErrors).toEqual([]);

      await page.goto(`${url}/admin/queues`);
      for (const q of ['ingest', 'parse', 'entity', 'dedupe', 'sink']) {
        await page.getByText(q, { exact: true }).first().waitFor({ timeout: 15_000 });
      }
      // bull-board's own API calls carry the cookie: its failed view shows the job and its reason.
      await page.goto(`${url}/admin/queues/queue/entity?status=failed`);
      await page.getByText('broken-entity-job').first().waitFor({ timeout: 15_000 });
      await page.getByText(/VALIDATION_FAILED: entity payload/).first().waitFor({ timeout: 15_000 });
      await page.screenshot({ path: join(SHOTS, 'bull-board.png') });
      // A change through bull-board's UI passes the cross-site checks: retry the failed job (a
      // bodyless PUT, confirmed in its dialog) and watch the entity worker run it again.
      const before = (await t.queues().entity.getJob('broken-entity-job'))!.processedOn!;
      const card = page.locator('[class*="card"]').filter({ has: page.getByText('broken-entity-job', { exact: true }) }).first();
      const retried = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/api/queues/entity/broken-entity-job/retry'));
      await card.locator('button:has(svg.lucide-refresh-cw)').first().click();
      await page.getByRole('button', { name: 'Confirm', exact: true }).click();
      const res = await retried;
      expect(res.status(), await res.text()).toBeLessThan(300);
      await eventually(async () => ((await t.queues().entity.getJob('broken-entity-job'))?.processedOn ?? 0) > before, 'the retried job to run again', 30_000, 100);
      expect(await cspViolations()).toEqual([]);
      expect(jsErrors).toEqual([]);
      expect(offsite).toEqual([]);
      // The policy is enforced (and the listener above hears it): an injected inline script is blocked.
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.injected = true';
        document.head.appendChild(s);
      });
      await expect.poll(cspViolations).toEqual([expect.stringMatching(/^script-src(-elem)? inline$/)]);
      expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
      await ctx.close();
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- newsflow start output ---\n${start.output()}`, { cause: err });
    } finally {
      await browser.close();
      expect(await stopChild(start), start.output()).toBe(0);
    }
  }, 120_000);
});
