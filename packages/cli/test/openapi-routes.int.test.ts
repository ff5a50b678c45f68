import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApi, createIngestApp, createProducer } from '@newsflow/ingest';
import { createArticlesApi, openStore } from '@newsflow/sink';
import { useHarness } from '@newsflow/testing';

const h = useHarness();
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * `/openapi.json` against the routes the API server registers: the ingest app and the read API,
 * the two `newsflow start` mounts at `/` beside the dashboard. Every `/v1` route is documented,
 * and every documented operation exists.
 */
describe('the OpenAPI document and the registered routes', () => {
  it('documents every /v1 route of the ingest app and the read API, and only those', async () => {
    const t = h();
    const conn = t.connection();
    const producer = t.defer(createProducer({ connection: conn, prefix: t.prefix }));
    const store = await openStore({ kind: 'sqlite', path: join(mkdtempSync(join(tmpdir(), 'nf-openapi-')), 'a.db') });
    try {
      const apps = [createIngestApp({ producer, queues: t.queues(), auth: { disabled: true }, logger: t.logger }), createArticlesApi({ store, auth: { disabled: true } })];
      const registered = new Set(
        apps
          .flatMap((a) => a.routes)
          .filter((r) => r.method !== 'ALL' && r.path.startsWith('/v1/'))
          .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`),
      );
      const doc = buildOpenApi() as { paths: Record<string, Record<string, unknown>> };
      const documented = new Set(
        Object.entries(doc.paths)
          .filter(([p]) => p.startsWith('/v1/'))
          .flatMap(([p, ops]) => Object.keys(ops).filter((m) => METHODS.includes(m)).map((m) => `${m.toUpperCase()} ${p}`)),
      );
      expect(registered.size).toBeGreaterThanOrEqual(12);
      expect([...documented].sort()).toEqual([...registered].sort());
      // Path parameters named in a path are declared on its operations.
      for (const [p, ops] of Object.entries(doc.paths)) {
        const names = [...p.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]);
        for (const [m, op] of Object.entries(ops)) {
          if (!METHODS.includes(m)) continue;
          const declared = ((op as { parameters?: Array<{ name: string; in: string }> }).parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name);
          expect(declared.sort(), `${m} ${p}`).toEqual([...names].sort());
        }
      }
    } finally {
      await store.close();
    }
  });
});
