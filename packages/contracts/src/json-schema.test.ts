import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { RawArticle } from './raw-article.js';
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

  it('RawArticle schema, in a JSON Schema validator, takes exactly one of html, htmlBase64 and text, as the zod contract does', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(toJsonSchema('RawArticle'));
    const url = 'https://news.example.com/a';
    const cases: Array<[unknown, boolean]> = [
      [{ url, html: '<p>x</p>' }, true],
      [{ url, htmlBase64: Buffer.from('<p>x</p>').toString('base64') }, true],
      [{ url, text: 'Some copied text.' }, true],
      [{ url }, false],
      [{ url, html: '<p>x</p>', text: 'x' }, false],
      [{ url, html: '<p>x</p>', htmlBase64: 'PHA+eDwvcD4=', text: 'x' }, false],
      [{ html: '<p>x</p>' }, false],
    ];
    for (const [page, ok] of cases) {
      expect(validate(page), JSON.stringify(page)).toBe(ok);
      // The zod contract gives the same answer.
      expect(RawArticle.safeParse(page).success, `zod: ${JSON.stringify(page)}`).toBe(ok);
    }
  });
});
