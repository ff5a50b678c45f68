import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { closeQueues, createQueues, createRedis, silentLogger, waitForRedis } from '@newsflow/core';
import { createIngestApp } from './app.js';
import { createProducer } from './producer.js';

export interface IngestBenchOptions {
  redisUrl: string;
  /** Pages per measured run. @defaultValue 20000 */
  pages?: number;
  /** Size of each page's HTML in bytes. @defaultValue 5120 */
  pageBytes?: number;
  /** Pages per batch request (and per `submitMany`). @defaultValue 500 */
  batchSize?: number;
  /** Requests in flight at once. @defaultValue 4 */
  concurrency?: number;
  /** @defaultValue ['api', 'producer'] */
  modes?: Array<'api' | 'producer'>;
  /** HTML pages to use as bodies (repeated, each copy made unique); synthetic pages when empty. */
  templates?: string[];
}

export interface BenchFigure {
  mode: 'api' | 'producer';
  pages: number;
  accepted: number;
  seconds: number;
  pagesPerSecond: number;
  megabytesPerSecond: number;
  /** CPU time this process spent per page (for `api`: the server and the client thread together). */
  nodeCpuMicrosPerPage: number;
  /** CPU time Redis spent per page. */
  redisCpuMicrosPerPage: number;
  /**
   * 1e6 / max(node, redis) CPU µs per page: the rate the measured CPU cost allows when Node and Redis
   * each have a core to themselves. On a busy machine the wall-clock rate falls below it.
   */
  cpuBoundPagesPerSecond: number;
}

export interface IngestBenchReport {
  pages: number;
  pageBytes: number;
  batchSize: number;
  concurrency: number;
  node: string;
  results: BenchFigure[];
}

const WORDS = 'the minister said on tuesday that talks would resume after a week of strikes across the region while officials warned of delays'.split(' ');

/** `n` distinct pages of about `bytes` bytes each (unique URL and content, so none is a duplicate). */
export function benchPages(n: number, bytes: number, run: string, templates: string[] = []): Array<{ url: string; html: string; source: string }> {
  const out: Array<{ url: string; html: string; source: string }> = [];
  let filler = '';
  while (filler.length < bytes) filler += `${WORDS[filler.length % WORDS.length]} `;
  for (let i = 0; i < n; i++) {
    const head = `<html><head><title>Bench ${run} ${i}</title></head><body><article><h1>Story ${i}</h1><p>`;
    const tail = '</p></article></body></html>';
    const body = templates.length ? templates[i % templates.length]! : filler.slice(0, Math.max(0, bytes - head.length - tail.length));
    out.push({ url: `https://bench.newsflow.test/${run}/${i}`, html: templates.length ? `${body}<!-- ${run} ${i} -->` : `${head}${body}${tail}`, source: 'bench' });
  }
  return out;
}

async function redisCpuMicros(conn: ReturnType<typeof createRedis>): Promise<number> {
  const info = (await conn.info('cpu')) as string;
  const num = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (num('used_cpu_user') + num('used_cpu_sys')) * 1e6;
}

/**
 * The load generator: posts prepared batch bodies with `concurrency` requests in flight, from its
 * own thread, so it does not take the server's event loop (a scraper is another process).
 */
const CLIENT_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, token, bodies, concurrency } = workerData;
(async () => {
  let next = 0, accepted = 0, error = null;
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, async () => {
    while (next < bodies.length && !error) {
      const body = bodies[next++];
      const res = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' }, body });
      const j = await res.json();
      if (res.status !== 200) error = 'batch endpoint answered ' + res.status + ': ' + JSON.stringify(j).slice(0, 200);
      else accepted += j.accepted;
    }
  }));
  parentPort.postMessage({ accepted, seconds: Number(process.hrtime.bigint() - t0) / 1e9, error });
})().catch((e) => parentPort.postMessage({ accepted: 0, seconds: 0, error: String(e) }));
`;

function runClientThread(data: { url: string; token: string; bodies: string[]; concurrency: number }): Promise<{ accepted: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(CLIENT_THREAD, { eval: true, workerData: data });
    w.once('message', (m: { accepted: number; seconds: number; error: string | null }) => {
      void w.terminate();
      if (m.error) reject(new Error(m.error));
      else resolve(m);
    });
    w.once('error', reject);
  });
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/**
 * Accepted pages per second through the batch endpoint (an in-process server on loopback, loaded by
 * a client thread with request bodies prepared before the clock starts) and through `createProducer`, each on its own queue prefix that
 * is removed afterwards. Backpressure is off: this measures how fast ingest accepts, not the pipeline.
 */
export async function runIngestBench(o: IngestBenchOptions): Promise<IngestBenchReport> {
  const pages = o.pages ?? 20_000;
  const pageBytes = o.pageBytes ?? 5120;
  const batchSize = o.batchSize ?? 500;
  const concurrency = o.concurrency ?? 4;
  const conn = createRedis({ url: o.redisUrl }, 'producer');
  conn.on('error', () => undefined);
  await waitForRedis(conn, 10_000);
  const results: BenchFigure[] = [];
  try {
    for (const mode of o.modes ?? ['api', 'producer']) {
      const run = randomBytes(4).toString('hex');
      const prefix = `{bench-${run}}`;
      const queues = createQueues({ connection: conn, prefix });
      const producer = createProducer({ connection: conn, prefix });
      const data = benchPages(pages, pageBytes, run, o.templates);
      const bytes = data.reduce((n, p) => n + p.html.length, 0);
      let accepted = 0;
      let seconds = 0;
      const redis0 = await redisCpuMicros(conn);
      let cpu0 = process.cpuUsage();
      let redisUsed = 0;
      let cpuUsed = 0;
      try {
        if (mode === 'api') {
          const token = randomBytes(16).toString('hex');
          const app = createIngestApp({ producer, queues, auth: { tokens: [token] }, limits: { maxWaiting: Number.MAX_SAFE_INTEGER }, logger: silentLogger() });
          const server = await new Promise<ReturnType<typeof serve>>((r) => {
            const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => r(s));
          });
          const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/articles/batch`;
          const bodies = chunk(data, batchSize).map((b) => JSON.stringify(b));
          cpu0 = process.cpuUsage();
          const r = await runClientThread({ url, token, bodies, concurrency });
          accepted = r.accepted;
          seconds = r.seconds;
          const c = process.cpuUsage(cpu0);
          cpuUsed = c.user + c.system;
          redisUsed = (await redisCpuMicros(conn)) - redis0;
          await new Promise<void>((r) => server.close(() => r()));
        } else {
          const batches = chunk(data, batchSize);
          cpu0 = process.cpuUsage();
          const t0 = process.hrtime.bigint();
          await pool(batches, concurrency, async (b) => {
            const rs = await producer.submitMany(b);
            accepted += rs.filter((r) => r.ok && !r.duplicate).length;
          });
          seconds = Number(process.hrtime.bigint() - t0) / 1e9;
          const c = process.cpuUsage(cpu0);
          cpuUsed = c.user + c.system;
          redisUsed = (await redisCpuMicros(conn)) - redis0;
        }
      } finally {
        await producer.close();
        await queues.ingest.obliterate({ force: true }).catch(() => undefined);
        await closeQueues(queues);
      }
      results.push({ mode, pages, accepted, seconds: Number(seconds.toFixed(3)), pagesPerSecond: Math.round(accepted / seconds), megabytesPerSecond: Number((bytes / 1e6 / seconds).toFixed(1)),
        nodeCpuMicrosPerPage: Math.round(cpuUsed / pages),
        redisCpuMicrosPerPage: Math.round(redisUsed / pages),
        cpuBoundPagesPerSecond: Math.round(1e6 / Math.max(cpuUsed / pages, redisUsed / pages, 1)),
      });
    }
  } finally {
    await conn.quit().catch(() => conn.disconnect());
  }
  return { pages, pageBytes, batchSize, concurrency, node: process.version, results };
}
