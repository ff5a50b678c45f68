import { describe, expect, it } from 'vitest';
import { Entity } from '@newsflow/contracts';
import { extractEntities } from './extract.js';
import { SUMMIT_BODY, SUMMIT_TITLE } from '../test/fixtures/summit-article.js';

describe('extractEntities on a summit story', () => {
  const entities = extractEntities({ title: SUMMIT_TITLE, body: SUMMIT_BODY, language: 'en' });
  const byName = (name: string) => entities.filter((e) => e.name === name);

  it('prints', () => {
    for (const e of entities) console.log(e.type, e.name, e.count, e.salience, JSON.stringify(e.aliases), JSON.stringify(e.attributes.titles));
  });
});
