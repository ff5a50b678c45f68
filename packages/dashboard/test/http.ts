import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Harness } from '@newsflow/testing';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Serve `app` over real HTTP on a free loopback port (closed after the test); returns the port. */
export async function serveApp(t: Harness, app: Hono): Promise<number> {
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((res) => (server.listening ? res() : server.once('listening', () => res())));
  t.defer({ close: () => new Promise<void>((res) => server.close(() => res())) });
  return (server.address() as AddressInfo).port;
}

/**
 * One HTTP request with exactly the headers given (`Host` included, which fetch cannot set), the
 * way a browser or a script on the network would send it.
 */
export function raw(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: { host: `127.0.0.1:${port}`, ...opts.headers }, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
