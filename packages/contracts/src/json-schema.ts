import { z } from 'zod';
import { Article } from './article.js';
import { RawArticle } from './raw-article.js';

/** Schemas published as JSON Schema for scrapers and consumers written in other languages. */
export const PUBLISHED_SCHEMAS = { RawArticle, Article } as const;

/**
 * Rules a zod refinement states that JSON Schema can say too (zod cannot carry them over): a
 * RawArticle holds exactly one of `html`, `htmlBase64` and `text`, so a client generated from
 * the schema refuses a page with no content, or two.
 */
const EXTRA: Partial<Record<keyof typeof PUBLISHED_SCHEMAS, Record<string, unknown>>> = {
  RawArticle: { oneOf: [{ required: ['html'] }, { required: ['htmlBase64'] }, { required: ['text'] }] },
};

/** JSON Schema (draft 2020-12) of a published contract, as committed under `schemas/`. */
export function toJsonSchema(name: keyof typeof PUBLISHED_SCHEMAS): Record<string, unknown> {
  const schema = z.toJSONSchema(PUBLISHED_SCHEMAS[name], { io: 'input', unrepresentable: 'any' });
  return { $id: `https://newsflow.dev/schemas/${name}.json`, title: name, ...schema, ...EXTRA[name] };
}
