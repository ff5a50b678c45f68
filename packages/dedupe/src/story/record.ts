import { ValidationError } from '@newsflow/core';
import { STORY, type StoryFeatures } from './features.js';

/**
 * One story-index entry as fixed-size bytes, 64 to a Redis string (`Y:R:<chunk>`), like the
 * dedupe records. All integers big-endian.
 *
 * | bytes | what |
 * |---|---|
 * | 0–31 | article id: length byte, then up to 31 bytes |
 * | 32–63 | story id at assignment (merges are followed at read): length byte, then up to 31 bytes |
 * | 64–67 | publication time, seconds since the epoch (0 = unknown) |
 * | 68–71 | indexed at, seconds since the epoch (the window counts from it) |
 * | 72–73 | language, two ASCII letters or zeros |
 * | 74, 75 | terms kept, entities kept |
 * | 76– | terms: 32-bit hash + weight byte each, strongest first; then the entities alike |
 */
export const STORY_RECORD = {
  chunk: 64,
  id: 0,
  story: 32,
  idMax: 31,
  at: 64,
  seen: 68,
  lang: 72,
  nTerms: 74,
  nEntities: 75,
  terms: 76,
  entities: 76 + 5 * STORY.terms,
  size: 76 + 5 * (STORY.terms + STORY.entities),
  /** Strongest terms an entry is posted under (and a new article probes with); all its entities are too. */
  posted: 12,
} as const;

function writeId(buf: Buffer, at: number, id: string, what: string): void {
  const b = Buffer.from(id, 'utf8');
  if (b.length === 0 || b.length > STORY_RECORD.idMax) throw new ValidationError(`story index ${what}: must be 1 to ${STORY_RECORD.idMax} bytes, got ${b.length}`);
  buf.writeUInt8(b.length, at);
  b.copy(buf, at + 1);
}

function readId(buf: Buffer, at: number): string {
  return buf.subarray(at + 1, at + 1 + buf.readUInt8(at)).toString('utf8');
}

export function encodeStoryRecord(id: string, f: StoryFeatures, nowMs: number): Buffer {
  const buf = Buffer.alloc(STORY_RECORD.size);
  writeId(buf, STORY_RECORD.id, id, 'article id');
  buf.writeUInt32BE(Math.floor(f.at / 1000) >>> 0, STORY_RECORD.at);
  buf.writeUInt32BE(Math.floor(nowMs / 1000) >>> 0, STORY_RECORD.seen);
  buf.write(f.language.slice(0, 2).padEnd(2, '\0'), STORY_RECORD.lang, 'latin1');
  const put = (list: Array<[number, number]>, at: number, max: number, countAt: number) => {
    const kept = list.slice(0, max);
    buf.writeUInt8(kept.length, countAt);
    kept.forEach(([h, w], i) => {
      buf.writeUInt32BE(h >>> 0, at + 5 * i);
      buf.writeUInt8(Math.round(w * 255), at + 5 * i + 4);
    });
  };
  put(f.terms, STORY_RECORD.terms, STORY.terms, STORY_RECORD.nTerms);
  put(f.entities, STORY_RECORD.entities, STORY.entities, STORY_RECORD.nEntities);
  return buf;
}

export interface StoredStoryEntry {
  id: string;
  storyId: string;
  features: StoryFeatures;
}

export function decodeStoryRecord(buf: Buffer): StoredStoryEntry {
  const list = (at: number, n: number): Array<[number, number]> => Array.from({ length: n }, (_, i) => [buf.readUInt32BE(at + 5 * i), buf.readUInt8(at + 5 * i + 4) / 255]);
  const lang = buf.subarray(STORY_RECORD.lang, STORY_RECORD.lang + 2).toString('latin1').replace(/\0+$/, '');
  return {
    id: readId(buf, STORY_RECORD.id),
    storyId: readId(buf, STORY_RECORD.story),
    features: {
      terms: list(STORY_RECORD.terms, buf.readUInt8(STORY_RECORD.nTerms)),
      entities: list(STORY_RECORD.entities, buf.readUInt8(STORY_RECORD.nEntities)),
      language: lang,
      at: buf.readUInt32BE(STORY_RECORD.at) * 1000,
    },
  };
}

/** The hashes an entry is posted under: its strongest terms and all its entities. */
export function postedHashes(f: StoryFeatures): number[] {
  return [...new Set([...f.terms.slice(0, STORY_RECORD.posted).map(([h]) => h), ...f.entities.map(([h]) => h)])];
}
