import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { useHarness } from '@newsflow/testing';
import { allowedHostsFromEnv, hostGuard } from '../src/index.js';
import { TOKEN, dashboard } from './fixtures.js';
import { raw, serveApp } from './http.js';

const h = useHarness();
const auth = { authorization: `Bearer ${TOKEN}` };
const GUARDED = ['/dashboard', '/admin/queues', '/admin/queues/api/queues', '/dashboard/api/overview', '/metrics'];

describe('Host allow-list (DNS rebinding)', () => {
  it('refuses a rebound Host on the pages, bull-board, the JSON API and /metrics, and lets loopback names through', async () => {
    const t = h();
    const d = dashboard(t);
    const port = await serveApp(t, d.app);
    for (const path of GUARDED) {
      const res = await raw(port, { path, headers: { ...auth, host: `attacker.example:${port}` } });
      expect(res.status, path).toBe(403);
      expect(JSON.parse(res.body).error).toMatchObject({ code: 'HOST_NOT_ALLOWED', message: expect.stringMatching(/attacker\.example.*NEWSFLOW_ALLOWED_HOSTS/) });
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'LOCALHOST']) {
        expect((await raw(port, { path, headers: { ...auth, host } })).status, `${path} as ${host}`).toBe(200);
      }
    }
    // A loopback-looking name on another domain is still another domain.
    expect((await raw(port, { path: '/dashboard', headers: { ...auth, host: 'localhost.attacker.example' } })).status).toBe(403);
    expect((await raw(port, { path: '/dashboard', headers: { ...auth, host: '127.0.0.1.nip.io' } })).status).toBe(403);
  });

  it('allows the listen host and the NEWSFLOW_ALLOWED_HOSTS names; * turns the check off', async () => {
    const t = h();
    const allowedHosts = allowedHostsFromEnv({ NEWSFLOW_ALLOWED_HOSTS: ' news.example.com, *.corp.example ,ops.example.org:8443' });
    expect(allowedHosts).toEqual(['news.example.com', '*.corp.example', 'ops.example.org:8443']);
    const port = await serveApp(t, dashboard(t, { hosts: { listenHost: '10.9.8.7', allowedHosts } }).app);
    const status = async (host: string) => (await raw(port, { path: '/dashboard', headers: { ...auth, host } })).status;
    for (const ok of ['10.9.8.7:8080', 'news.example.com', 'news.example.com:443', 'dash.corp.example', 'ops.example.org:8443', 'localhost:1']) expect(await status(ok), ok).toBe(200);
    for (const bad of ['attacker.example', 'corp.example.attacker.example', 'evilcorp.example', 'ops.example.org:80', '10.9.8.70']) expect(await status(bad), bad).toBe(403);

    const open = await serveApp(t, dashboard(t, { hosts: { allowedHosts: allowedHostsFromEnv({ NEWSFLOW_ALLOWED_HOSTS: '*' }) } }).app);
    expect((await raw(open, { path: '/dashboard', headers: { ...auth, host: 'rewritten-by-proxy.internal' } })).status).toBe(200);
  });

  it("a wildcard listen host admits this machine's own addresses", async () => {
    const t = h();
    const port = await serveApp(t, dashboard(t, { hosts: { listenHost: '0.0.0.0' } }).app);
    const { networkInterfaces } = await import('node:os');
    const own = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address ?? '127.0.0.1';
    expect((await raw(port, { path: '/dashboard', headers: { ...auth, host: `${own}:${port}` } })).status).toBe(200);
    expect((await raw(port, { path: '/dashboard', headers: { ...auth, host: 'attacker.example' } })).status).toBe(403);
  });

  it('names the variable and the entry for a bad NEWSFLOW_ALLOWED_HOSTS', () => {
    expect(() => allowedHostsFromEnv({ NEWSFLOW_ALLOWED_HOSTS: 'news.example.com,https://x.example/' })).toThrow(/NEWSFLOW_ALLOWED_HOSTS: "https:\/\/x\.example\/" is not a host name/);
    expect(allowedHostsFromEnv({})).toEqual([]);
  });

  it('exports hostGuard as a middleware for the whole server, API routes included', async () => {
    const t = h();
    const server = new Hono();
    server.use('*', hostGuard({ listenHost: '127.0.0.1' }));
    server.get('/v1/pages', (c) => c.text('api'));
    const port = await serveApp(t, server);
    expect((await raw(port, { path: '/v1/pages' })).body).toBe('api');
    expect((await raw(port, { path: '/v1/pages', headers: { host: 'attacker.example' } })).status).toBe(403);
  });
});

describe('security headers', () => {
  it("bull-board and the dashboard pages forbid framing, sniffing and remote code; bull-board's HTML links nothing remote", async () => {
    const t = h();
    const port = await serveApp(t, dashboard(t).app);
    for (const path of ['/admin/queues', '/admin/queues/queue/parse', '/dashboard', '/dashboard/articles/x', '/admin/queues/api/queues']) {
      for (const headers of [auth, {}]) {
        const res = await raw(port, { path, headers });
        const where = `${path} (${res.status})`;
        const csp = String(res.headers['content-security-policy']);
        expect(csp, where).toMatch(/default-src 'self'/);
        expect(csp, where).toMatch(/frame-ancestors 'none'/);
        expect(csp, where).not.toMatch(/https?:|script-src[^;]*'unsafe-inline'/);
        expect(res.headers['x-frame-options'], where).toBe('DENY');
        expect(res.headers['x-content-type-options'], where).toBe('nosniff');
        expect(res.headers['referrer-policy'], where).toBe('no-referrer');
        expect(res.headers['cross-origin-opener-policy'], where).toBe('same-origin');
      }
    }
    const html = (await raw(port, { path: '/admin/queues', headers: auth })).body;
    expect(html).toContain('newsflow queues');
    expect(html).toMatch(/<script defer src="static\/js\/main\.[0-9a-f]+\.js">/);
    expect(html).not.toMatch(/fonts\.googleapis|(href|src)="(https?:)?\/\//);
  });
});
