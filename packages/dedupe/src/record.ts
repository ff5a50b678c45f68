import { ValidationError } from '@newsflow/core';

/**
 * One index entry as fixed-size bytes, 64 to a Redis string (`R:<chunk>`): no per-entry key,
 * no per-field overhead. Offsets are 0-based byte positions; all integers big-endian.
 *
 * | bytes | what |
 * |---|---|
 * | 0–31 | article id: length byte, then up to 31 bytes |
 * | 32–35 | indexed at, seconds since the epoch |
 * | 36–37 | shingle count (0 = too short for near matching) |
 * | 38 | flags: 1 names from the entity stage, 2 in the near index, 4 holds the exact-body claim |
 * | 39–40 | names and figures in the text (the identity), counted before sampling |
 * | 41 | identity hashes kept; 42 lead hashes kept |
 * | 43–50 | exact key: 64 bits of the normalized body's hash |
 * | 51– | signature: 16 bits per MinHash value, then the identity (bottom-k, 16-bit), then the lead (16-bit, in text order) |
 */
export const RECORD = {
  chunk: 64,
  id: 0,
  idMax: 31,
  time: 32,
  shingles: 36,
  flags: 38,
  identityCount: 39,
  identityK: 41,
  leadK: 42,
  exactKey: 43,
  signature: 51,
  /** Bottom-k sample of the names and figures kept per entry. */
  identityMax: 24,
  /** Lead shingles kept per entry, in text order; a newer text probes with its first `leadProbe`. */
  leadMax: 64,
  leadProbe: 32,
} as const;

export const FLAG_ENTITIES = 1;

export function recordSize(numPerm: number): number {
  return RECORD.signature + 2 * numPerm + 2 * RECORD.identityMax + 2 * RECORD.leadMax;
}

export interface RecordInput {
  id: string;
  nowMs: number;
  shingles: number;
  entities: boolean;
  identityCount: number;
  identity: readonly number[];
  lead: readonly number[];
  exactKey: Buffer;
  signature: Uint32Array;
}

/** The entry bytes the script stores; it sets the near/exact flags itself. */
export function encodeRecord(r: RecordInput): Buffer {
  const id = Buffer.from(r.id, 'utf8');
  if (id.length === 0 || id.length > RECORD.idMax) throw new ValidationError(`dedupe document id: must be 1 to ${RECORD.idMax} bytes, got ${id.length}`);
  const buf = Buffer.alloc(recordSize(r.signature.length));
  buf.writeUInt8(id.length, RECORD.id);
  id.copy(buf, RECORD.id + 1);
  buf.writeUInt32BE(Math.floor(r.nowMs / 1000) >>> 0, RECORD.time);
  buf.writeUInt16BE(Math.min(0xffff, r.shingles), RECORD.shingles);
  buf.writeUInt8(r.entities ? FLAG_ENTITIES : 0, RECORD.flags);
  buf.writeUInt16BE(Math.min(0xffff, r.identityCount), RECORD.identityCount);
  const ids = r.identity.slice(0, RECORD.identityMax);
  const lead = r.lead.slice(0, RECORD.leadMax);
  buf.writeUInt8(ids.length, RECORD.identityK);
  buf.writeUInt8(lead.length, RECORD.leadK);
  r.exactKey.copy(buf, RECORD.exactKey, 0, 8);
  let off: number = RECORD.signature;
  for (const v of r.signature) off = buf.writeUInt16BE(v & 0xffff, off);
  const idsAt = off;
  ids.forEach((h, i) => buf.writeUInt16BE(h, idsAt + 2 * i));
  const leadAt = idsAt + 2 * RECORD.identityMax;
  lead.forEach((h, i) => buf.writeUInt16BE(h, leadAt + 2 * i));
  return buf;
}
