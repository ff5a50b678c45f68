import { toJsonSchema } from '@newsflow/contracts';

/** JSON Schema of `RawArticle` (what scrapers in any language submit), from the zod contract. */
export const RAW_ARTICLE_JSON_SCHEMA: Record<string, unknown> = toJsonSchema('RawArticle');
