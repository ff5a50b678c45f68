import { z } from 'zod';
import { Article } from './article.js';
import { RawArticle } from './raw-article.js';

/** Schemas published as JSON Schema for scrapers and consumers written in other languages. */
export const PUBLISHED_SCHEMAS = { RawArticle, Article } as const;

/** JSON Schema (draft 2020-12) of a published contract, as committed under `schemas/`. */
export function toJsonSchema(name: keyof typeof PUBLISHED_SCHEMAS): Record<string, unknown> {
  const schema = z.toJSONSchema(PUBLISHED_SCHEMAS[name], { io: 'input', unrepresentable: 'any' });
  return { $id: `https://newsflow.dev/schemas/${name}.json`, title: name, ...schema };
}
