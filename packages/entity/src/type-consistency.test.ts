import { describe, expect, it } from 'vitest';
import type { Entity } from '@newsflow/contracts';
import { typeConsistency } from './type-consistency.js';

const ent = (name: string, type: Entity['type']): Entity => ({
  name,
  type,
  key: `${type.toLowerCase()}:${name.toLowerCase().replace(/\s+/g, '-')}`,
  aliases: [],
  mentions: [{ text: name, start: 0, end: name.length, field: 'body' }],
  count: 1,
  firstPosition: 0,
  salience: 1,
});

describe('typeConsistency', () => {
  it('counts a name typed two ways across articles once, as inconsistent, and ignores names seen once', () => {
    const r = typeConsistency([
      [ent('United States', 'LOC'), ent('Reuters', 'ORG'), ent('Jezero Crater', 'LOC')],
      [ent('United States', 'ORG'), ent('Reuters', 'ORG')],
      [ent('United States', 'LOC'), ent('Reuters', 'ORG')],
    ]);
    expect(r).toMatchObject({ articles: 3, names: 2, consistent: 1, share: 50 });
    expect(r.flips).toEqual([{ name: 'United States', articles: 3, types: { LOC: 2, ORG: 1 } }]);
    expect(typeConsistency([]).share).toBe(100);
  });
});
