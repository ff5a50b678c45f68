import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Harness } from '@newsflow/testing';
import { createIngestApp, createProducer, type IngestAppOptions, type Producer } from '@newsflow/ingest';

export const TOKEN = 'test-token-0123456789abcdef';

/** Serve a Hono app on 127.0.0.1, on a free port; closed with the harness. */
export async function listen(t: Harness, app: Hono): Promise<string> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  t.defer({ close: () => new Promise<void>((r) => server.close(() => r())) });
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** A running ingest API on the harness's Redis and prefix. */
export async function startApi(
  t: Harness,
  opts: Partial<Omit<IngestAppOptions, 'producer' | 'queues' | 'logger'>> = {},
): Promise<{ url: string; producer: Producer; queues: ReturnType<Harness['queues']> }> {
  const producer = t.defer(createProducer({ connection: t.connection('producer'), prefix: t.prefix }));
  const queues = t.queues();
  const app = createIngestApp({ producer, queues, auth: opts.auth ?? { tokens: [TOKEN] }, ...(opts.limits ? { limits: opts.limits } : {}), logger: t.logger });
  return { url: await listen(t, app), producer, queues };
}

export function page(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { url: `https://news.example.com/story/${n}`, html: `<html><head><title>Story ${n}</title></head><body><p>Body of story ${n}.</p></body></html>`, ...extra };
}

export async function post(url: string, path: string, body: string | Uint8Array, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}
