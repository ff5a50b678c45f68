import { pageBodyKey, type RedisConnection } from '@newsflow/core';
import { indexKeyBase } from '@newsflow/dedupe';

/** Redis memory by what holds it: the part retention bounds, and the parts bounded by time windows. */
export interface KeyFamilies {
  /** Queue state: jobs, their lists, event streams, metrics (bounded by retention counts). */
  queues: { keys: number; bytes: number };
  /** The page ledger, ~100 bytes a stored page for a week. */
  ledger: { keys: number; bytes: number };
  /** The dedupe and story indexes: bounded by their windows and their count bounds (DEDUPE_MAX_ENTRIES, DEDUPE_STORY_MAX_ARTICLES). */
  dedupe: { keys: number; bytes: number };
  /** Page bodies waiting for parse (deleted once parsed; failed ones expire after 8 days). */
  bodies: { keys: number; bytes: number };
  other: { keys: number; bytes: number };
  /**
   * The dedupe index by part (the key's type after the index base, e.g. `A` article hashes, `R`
   * records, `L` band lists, `Y:G` stories): which part grows, when the index grows.
   */
  dedupeParts: Record<string, { keys: number; bytes: number }>;
}

/** `A`, `L`, `Y:G`… from `<base>:A:<id>`, `<base>:Y:G:<story>`, `<base>:S`. */
function dedupePart(rest: string): string {
  const [a, b] = rest.split(':');
  return a === 'Y' && b !== undefined ? `Y:${b}` : (a ?? '');
}

/**
 * Walk every key once (SCAN) and add up `MEMORY USAGE` per family. A full pass over ~10^5 keys takes
 * a second or two, so the soak takes it at warm-up and at the end only, not at every sample.
 */
export async function keyFamilies(conn: RedisConnection, prefix: string): Promise<KeyFamilies> {
  const out: KeyFamilies = { queues: { keys: 0, bytes: 0 }, ledger: { keys: 0, bytes: 0 }, dedupe: { keys: 0, bytes: 0 }, bodies: { keys: 0, bytes: 0 }, other: { keys: 0, bytes: 0 }, dedupeParts: {} };
  const ledger = `${prefix}:stored:`;
  const bodies = pageBodyKey(prefix, '');
  const dedupe = indexKeyBase(prefix);
  const family = (k: string): Exclude<keyof KeyFamilies, 'dedupeParts'> => (k.startsWith(ledger) ? 'ledger' : k.startsWith(dedupe) ? 'dedupe' : k.startsWith(bodies) ? 'bodies' : k.startsWith(`${prefix}:`) ? 'queues' : 'other');
  let cursor = '0';
  do {
    const [next, keys] = (await conn.scan(cursor, 'COUNT', 2000)) as [string, string[]];
    cursor = next;
    if (keys.length === 0) continue;
    const pipe = conn.pipeline();
    for (const k of keys) pipe.memory('USAGE', k, 'SAMPLES', '0');
    const sizes = (await pipe.exec()) ?? [];
    keys.forEach((k, i) => {
      const fam = family(k);
      const f = out[fam];
      const size = Number(sizes[i]?.[1] ?? 0);
      f.keys += 1;
      f.bytes += size;
      if (fam === 'dedupe') {
        const part = (out.dedupeParts[dedupePart(k.slice(dedupe.length + 1))] ??= { keys: 0, bytes: 0 });
        part.keys += 1;
        part.bytes += size;
      }
    });
  } while (cursor !== '0');
  return out;
}
