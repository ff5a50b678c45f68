import { createHash } from 'node:crypto';
import type { DedupeInfo } from '@newsflow/contracts';
import { DEFAULT_PREFIX, TransientError, coerceError, type RedisConnection } from '@newsflow/core';
import { diffVersions, summarize, type VersionInput, type VersionSummary } from './changes.js';
import { identityOf, leadShingleText, sketch, type EntityRef } from './identity.js';
import { minhash, shingleHashes } from './minhash.js';
import { contentHashOf, normalizeText, versionHashOf } from './normalize.js';
import { resolveOptions, type DedupeOptions, type ResolvedOptions } from './options.js';
import { RECORD, encodeRecord } from './record.js';
import { DEDUPE_LUA } from './script.js';

const SCRIPT_SHA = createHash('sha1').update(DEDUPE_LUA).digest('hex');

/** What the index needs of an article. */
export interface DedupeDocument extends Partial<Pick<VersionInput, 'paragraphs' | 'corrections'>> {
  /** Article id: a hash of the canonical URL, shared by all versions of the article. */
  id: string;
  title: string;
  body: string;
  /**
   * The entity stage's entities: their canonical keys stand for the names of the text when
   * deciding whether two similar texts are about the same things. @defaultValue capitalised words of the body
   */
  entities?: readonly EntityRef[];
}

export interface DedupeIndexConfig {
  /** Any connection; commands are short Lua calls. */
  redis: RedisConnection;
  /** Key prefix (a hash tag such as `{newsflow}`); the index lives under `{<tag>:dedupe}`. @defaultValue '{newsflow}' */
  prefix?: string;
  options?: DedupeOptions;
  /** @defaultValue () => new Date() */
  clock?: () => Date;
}

/** The Redis hash tag all index keys share: one slot on Redis Cluster, apart from the queues. */
export function indexKeyBase(prefix = DEFAULT_PREFIX): string {
  const tag = /\{([^}]+)\}/.exec(prefix)?.[1] ?? prefix;
  return `{${tag}:dedupe}`;
}

interface Decision {
  v: number;
  u: number;
  p: number;
  c: string;
  d: string;
  k: string;
  s: number;
  /** Related (follow-up of) article id, '' for none, and its similarity. */
  r: string;
  x: number;
}

/** Fingerprints of one text, computed once (the CPU work happens here, not in Redis). */
export interface Fingerprint {
  contentHash: string;
  shingles: number;
  signature: Uint32Array;
  /** Bottom-k sketch of the names and figures (see `sketch`), and how many there were. */
  identity: number[];
  identityCount: number;
  /** True when the names are the entity stage's keys. */
  entities: boolean;
  /** 16-bit hashes of the lead's first shingles, in text order. */
  lead: number[];
}

/**
 * The shared dedupe index in Redis. `claim` records an article and answers what it is (canonical,
 * exact or near duplicate, which version); `classify` answers the same without recording anything.
 * A claim under a job key answers a re-delivered job exactly as the first time.
 */
export class DedupeIndex {
  readonly options: ResolvedOptions;
  readonly keyBase: string;
  private readonly redis: RedisConnection;
  private readonly clock: () => Date;

  constructor(cfg: DedupeIndexConfig) {
    this.redis = cfg.redis;
    this.options = resolveOptions(cfg.options);
    this.keyBase = indexKeyBase(cfg.prefix);
    this.clock = cfg.clock ?? (() => new Date());
  }

  /** `entities`: the entity stage's entities of the text, when it ran. */
  fingerprint(body: string, entities?: readonly EntityRef[]): Fingerprint {
    const size = this.options.shingleSize;
    const sh = shingleHashes(body, size);
    const id = identityOf(body, entities);
    const lead = [...new Set(Array.from(shingleHashes(leadShingleText(body), size).subarray(0, RECORD.leadMax), (h) => h & 0xffff))];
    return {
      contentHash: contentHashOf(body),
      shingles: sh.length,
      signature: minhash(sh, this.options.numPerm),
      identity: sketch(id, RECORD.identityMax),
      identityCount: id.items.size,
      entities: id.nameSource === 'entities',
      lead,
    };
  }

  /** Record `doc` and return its dedupe info. `jobKey` makes a re-delivered job get the same answer. */
  claim(doc: DedupeDocument, jobKey = '', fp?: Fingerprint): Promise<DedupeInfo> {
    return this.run('claim', doc, jobKey, fp);
  }

  /** What `claim` would answer now, without writing anything. */
  classify(doc: DedupeDocument, fp?: Fingerprint): Promise<DedupeInfo> {
    return this.run('classify', doc, '', fp);
  }

  /** `fp`: the body's fingerprint when the caller computed it already (`fingerprint(doc.body)`). */
  private async run(mode: 'claim' | 'classify', doc: DedupeDocument, jobKey: string, given?: Fingerprint): Promise<DedupeInfo> {
    const o = this.options;
    const fp = given ?? this.fingerprint(doc.body, doc.entities);
    const versionInput: VersionInput = { title: doc.title, body: doc.body, paragraphs: doc.paragraphs ?? [], corrections: doc.corrections ?? [] };
    const now = this.clock().getTime();
    // 64 bits of the body hash key the exact claim (32 pick its band, the record holds all 64).
    const exactKey = Buffer.from(fp.contentHash.slice(0, 16), 'hex');
    const record = encodeRecord({
      id: doc.id,
      nowMs: now,
      shingles: fp.shingles >= o.minShingles ? fp.shingles : 0,
      entities: fp.entities,
      identityCount: fp.identityCount,
      identity: fp.identity,
      lead: fp.lead,
      exactKey,
      signature: fp.signature,
    });
    const versionHash = versionHashOf(doc);
    const args: Array<string | Buffer | number> = [
      mode,
      jobKey,
      doc.id,
      normalizeText(doc.body) ? exactKey : '',
      now,
      o.windowMs,
      o.versionTtlMs,
      record,
      o.jaccardThreshold,
      o.containmentThreshold,
      o.minContainmentRatio,
      o.maxCandidates,
      JSON.stringify(summarize(versionInput)),
      o.bandListLimit,
      // 64 bits name a version within one article.
      versionHash.slice(0, 16),
      o.bands,
      o.rows,
      o.buckets,
      o.maxEntries,
      o.identityMinShare,
      o.identityMinItems,
      o.leadOverlapMax,
    ];
    const [json, prevJson] = await this.evalScript(args);
    const d = JSON.parse(json) as Decision;
    const info: DedupeInfo = {
      // Identifies this version for the sink: title, body and corrections (the body alone keys exact duplicates).
      contentHash: versionHash,
      duplicateOf: d.d || null,
      duplicateKind: d.k === 'exact' || d.k === 'near' ? d.k : null,
      similarity: d.k && d.s >= 0 ? Math.round(d.s * 1000) / 1000 : null,
      version: d.v,
      unchanged: d.u === 1,
      clusterId: d.c,
    };
    if (d.r) info.relatedTo = { articleId: d.r, kind: 'follow-up', similarity: Math.round(d.x * 1000) / 1000 };
    if (d.p > 0 && d.u !== 1 && prevJson) info.changes = diffVersions(JSON.parse(prevJson) as VersionSummary, versionInput);
    return info;
  }

  private async evalScript(args: Array<string | Buffer | number>): Promise<[string, string, string]> {
    try {
      try {
        return (await this.redis.evalsha(SCRIPT_SHA, 1, this.keyBase, ...args)) as [string, string, string];
      } catch (err) {
        if (!String((err as Error).message).includes('NOSCRIPT')) throw err;
        return (await this.redis.eval(DEDUPE_LUA, 1, this.keyBase, ...args)) as [string, string, string];
      }
    } catch (err) {
      const e = coerceError(err);
      throw new TransientError(e.code === 'INTERNAL' ? 'REDIS_DEDUPE' : e.code, `dedupe index: ${e.message}`, err);
    }
  }
}

export function createDedupeIndex(cfg: DedupeIndexConfig): DedupeIndex {
  return new DedupeIndex(cfg);
}
