import type { Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { serve } from '@hono/node-server';
import { eventually, useHarness, type Harness } from '@newsflow/testing';
import { createIngestApp, createProducer, hardenServer, type ServerLimits } from '@newsflow/ingest';
import { TOKEN } from './helpers.js';

const h = useHarness();

async function hardenedApi(t: Harness, limits: ServerLimits): Promise<{ server: Server; port: number }> {
  const producer = t.defer(createProducer({ connection: t.connection('producer'), prefix: t.prefix }));
  const app = createIngestApp({ producer, queues: t.queues(), auth: { tokens: [TOKEN] }, logger: t.logger });
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
  });
  hardenServer(server, limits);
  t.defer({ close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) });
  return { server, port: (server.address() as AddressInfo).port };
}

/** A raw client: what it received and whether the server closed it. */
function rawClient(t: Harness, port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  const state = { received: '', closed: false, socket };
  socket.on('data', (d) => (state.received += d.toString()));
  socket.on('error', () => undefined);
  socket.on('close', () => (state.closed = true));
  t.defer({ close: async () => void socket.destroy() });
  return state;
}

const head = (length: number) =>
  `POST /v1/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

describe('hardenServer', () => {
  it('a body dribbled a byte a second is cut off after the request timeout, with 408', async () => {
    const t = h();
    const { port } = await hardenedApi(t, { requestTimeoutMs: 2_000, headersTimeoutMs: 1_000 });
    const c = rawClient(t, port);
    c.socket.write(head(120));
    const started = Date.now();
    const drip = setInterval(() => c.socket.writable && c.socket.write('x'), 1_000);
    try {
      // Without the limit Node waits 300 s; the dribble alone would take 120 s.
      await eventually(() => c.closed, 'the server to close the slow request', 45_000);
    } finally {
      clearInterval(drip);
    }
    console.log(`slow body cut after ${Date.now() - started} ms (requestTimeoutMs 2000)`);
    expect(c.received).toMatch(/^HTTP\/1\.1 408/);
    expect(c.received).toContain('REQUEST_TIMEOUT');
  }, 90_000);

  it('headers never finished are cut off after the headers timeout', async () => {
    const t = h();
    const { port } = await hardenedApi(t, { requestTimeoutMs: 30_000, headersTimeoutMs: 1_000 });
    const c = rawClient(t, port);
    c.socket.write('POST /v1/articles HTTP/1.1\r\nHost: x\r\n');
    await eventually(() => c.closed, 'the server to close the connection with unfinished headers', 45_000);
  }, 90_000);

  it('with maxConnections 5 the 6th concurrent connection is closed; the 5 still work', async () => {
    const t = h();
    const { server, port } = await hardenedApi(t, { maxConnections: 5, headersTimeoutMs: 60_000, requestTimeoutMs: 60_000 });
    const five = Array.from({ length: 5 }, () => rawClient(t, port));
    const open = () => new Promise<number>((r, j) => server.getConnections((e, n) => (e ? j(e) : r(n))));
    await eventually(async () => (await open()) === 5, 'five connections open');
    const sixth = rawClient(t, port);
    await eventually(() => sixth.closed, 'the 6th connection to be closed', 20_000);
    expect(sixth.received).toBe('');
    expect(five.some((c) => c.closed)).toBe(false);
    five[0]!.socket.write('GET /openapi.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await eventually(() => five[0]!.received.includes('"openapi"') && five[0]!.closed, 'an answer on one of the five');
    expect(five[0]!.received).toMatch(/^HTTP\/1\.1 200/);
  });
});
