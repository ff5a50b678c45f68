import { readFile } from 'node:fs/promises';
import { coerceError } from '@newsflow/core';
import { createPoliteFetcher, type PoliteFetcherOptions } from './feeds/fetcher.js';
import type { LocalItem, LocalPageDefaults } from './local-files.js';

/**
 * Fetch each URL listed in a file (one per line, `#` comments) politely and yield the pages as
 * submissions carrying their raw bytes and content type. A URL that cannot be fetched is an error
 * item naming the line and the reason.
 */
export async function* fetchUrlList(file: string, d: LocalPageDefaults = {}, policy: PoliteFetcherOptions = {}): AsyncGenerator<LocalItem> {
  const fetcher = createPoliteFetcher(policy);
  const lines = (await readFile(file, 'utf8')).split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const url = lines[i]!.replace(/#.*$/, '').trim();
    if (!url) continue;
    const where = `${file}:${i + 1}`;
    try {
      const r = await fetcher.get(url);
      if (r.status !== 200) {
        yield { where, error: `${url}: HTTP ${r.status}` };
        continue;
      }
      yield {
        where,
        raw: {
          url: r.url,
          htmlBase64: r.body.toString('base64'),
          fetchedAt: new Date().toISOString(),
          headers: { 'content-type': r.headers['content-type'] ?? 'text/html' },
          ...(d.site ? { site: d.site } : {}),
          ...(d.source ? { source: d.source } : {}),
          ...(d.language ? { language: d.language } : {}),
        },
      };
    } catch (err) {
      yield { where, error: coerceError(err).message };
    }
  }
}
