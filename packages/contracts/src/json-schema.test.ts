import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_SCHEMAS, toJsonSchema } from './json-schema.js';

describe('published JSON Schemas', () => {
  for (const name of Object.keys(PUBLISHED_SCHEMAS) as Array<keyof typeof PUBLISHED_SCHEMAS>) {
    it(`schemas/${name}.json matches the zod source (run \`npm run schemas -w @newsflow/contracts\` after changing it)`, () => {
      const committed = JSON.parse(readFileSync(new URL(`../schemas/${name}.json`, import.meta.url), 'utf8'));
      expect(committed).toEqual(toJsonSchema(name));
    });
  }

  it('RawArticle schema tells other languages which fields exist and which are required', () => {
    const s = toJsonSchema('RawArticle') as { properties: Record<string, unknown>; required?: string[] };
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['url', 'html', 'htmlBase64', 'text', 'fetchedAt', 'headers', 'language']));
    expect(s.required).toEqual(['url']);
  });
});
