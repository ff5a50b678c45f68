import { z } from 'zod';
import { RawArticle } from '@newsflow/contracts';
import { BatchResponse, ErrorResponse, PageStatusList, PageStatusResponse, SubmitResponse } from './api-schemas.js';
import { INGEST_VERSION } from './version.js';

type Json = Record<string, unknown>;

/** OpenAPI 3.1 uses JSON Schema 2020-12, so zod's output goes in as is, minus `$schema`. */
function schemaOf(s: z.ZodType, io: 'input' | 'output' = 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });
const err = (description: string) => ({ description, content: json('Error') });
const common = {
  '401': err('Missing or invalid bearer token'),
  '415': err('Content-Type not accepted'),
  '429': { ...err('The pipeline is behind; retry after the Retry-After header'), headers: { 'Retry-After': { schema: { type: 'integer' } } } },
  '503': {
    ...err('Redis unreachable (REDIS_UNAVAILABLE), out of memory (REDIS_OUT_OF_MEMORY) or refusing writes (REDIS_REFUSED_WRITES); retry after the Retry-After header'),
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
  },
};

/** A story as the read API returns it (packages/sink `StorySummary`). */
const STORY_SCHEMA: Json = {
  type: 'object',
  required: ['id', 'label', 'articles', 'outlets', 'clusters', 'firstSeen', 'lastSeen'],
  properties: {
    id: { type: 'string', description: 'The id of the story\'s first article; kept by the older story when two merge' },
    label: { type: 'string', description: 'Headline of its most central article' },
    articles: { type: 'integer', description: 'Stored articles, copies included' },
    outlets: { type: 'integer', description: 'Distinct sites' },
    clusters: { type: 'integer', description: 'Distinct copy clusters: independently written reports' },
    firstSeen: { type: 'string', format: 'date-time' },
    lastSeen: { type: 'string', format: 'date-time' },
  },
};

/** The OpenAPI document served at `/openapi.json`, generated from the zod contracts. */
export function buildOpenApi(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'newsflow ingest API',
      version: INGEST_VERSION,
      description: 'Submit raw news pages, and read the stored articles, entities and stories. A page is identified by a hash of its URL and content: submitting it again returns the same pageId.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        RawArticle: schemaOf(RawArticle, 'input'),
        Submit: schemaOf(SubmitResponse),
        Batch: schemaOf(BatchResponse),
        PageStatus: schemaOf(PageStatusResponse),
        PageStatusList: schemaOf(PageStatusList),
        Error: schemaOf(ErrorResponse),
        Article: { type: 'object', description: 'A stored article: the Article contract (schemas/Article.json in @newsflow/contracts) plus its `stored` record (version, created/updated times)' },
        ArticleList: {
          type: 'object',
          required: ['items'],
          properties: { items: { type: 'array', items: { type: 'object', description: 'An article summary' } }, nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page' } },
        },
        EntityList: {
          type: 'object',
          required: ['items'],
          properties: {
            items: {
              type: 'array',
              items: { type: 'object', properties: { key: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' }, articles: { type: 'integer' } } },
            },
          },
        },
        Story: STORY_SCHEMA,
        StoryList: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Story') } } },
        StoryDetail: {
          allOf: [
            ref('Story'),
            {
              type: 'object',
              description: 'The story and its stored articles (summaries, newest first)',
              properties: { items: { type: 'array', items: { type: 'object' } }, nextCursor: { type: ['string', 'null'] } },
            },
          ],
        },
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/v1/articles': {
        get: {
          summary: 'Stored articles, newest first (the read API)',
          parameters: [
            { name: 'since', in: 'query', schema: { type: 'string' }, description: 'ISO date/time or an age such as 24h, 7d' },
            { name: 'until', in: 'query', schema: { type: 'string' } },
            { name: 'site', in: 'query', schema: { type: 'string' } },
            { name: 'entity', in: 'query', schema: { type: 'string' }, description: 'An entity name or canonical key' },
            { name: 'cluster', in: 'query', schema: { type: 'string' }, description: 'Copies of one text' },
            { name: 'story', in: 'query', schema: { type: 'string' }, description: 'Articles of one story' },
            { name: 'q', in: 'query', schema: { type: 'string' }, description: 'Words in the title or body' },
            { name: 'canonical', in: 'query', schema: { type: 'boolean' }, description: 'Only canonical articles (no copies)' },
            { name: 'id', in: 'query', schema: { type: 'array', items: { type: 'string' } }, style: 'form', explode: true },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          responses: { '200': { description: 'A page of articles', content: json('ArticleList') }, '400': err('A bad parameter (named)'), '401': common['401'] },
        },
        post: {
          summary: 'Submit one page',
          requestBody: { required: true, content: json('RawArticle') },
          responses: {
            '202': { description: 'Accepted and queued', content: json('Submit') },
            '200': { description: 'The same page was already submitted; its pageId is returned', content: json('Submit') },
            '400': err('Invalid JSON, invalid UTF-8, or failing fields (each named in issues)'),
            '413': err('Body too large'),
            ...common,
          },
        },
      },
      '/v1/articles/batch': {
        post: {
          summary: 'Submit an array of pages; one result per item',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'array', items: ref('RawArticle') } } } },
          responses: {
            '200': { description: 'Per-item results (accepted, duplicate or rejected with reasons)', content: json('Batch') },
            '400': err('Not JSON, or not an array'),
            '413': err('Body too large or too many items'),
            ...common,
          },
        },
      },
      '/v1/articles/ndjson': {
        post: {
          summary: 'Stream pages as newline-delimited JSON; one result per line',
          requestBody: { required: true, content: { 'application/x-ndjson': { schema: ref('RawArticle') } } },
          responses: {
            '200': {
              description:
                'Per-line results (index is the 1-based line number) for the first lines, counts for all; lines past the backlog limit are `retry` (with Retry-After and retryFromLine)',
              content: json('Batch'),
            },
            '413': err('Stream too large or too many lines (TOO_MANY_LINES); the body also carries the results of the lines read before the limit (as in 200)'),
            ...common,
          },
        },
      },
      '/v1/pages/{pageId}': {
        get: {
          summary: 'Where a page is in the pipeline',
          parameters: [{ name: 'pageId', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-f0-9]{32}$' } }],
          responses: {
            '200': { description: 'Known page', content: json('PageStatus') },
            '404': { description: 'Unknown page (never submitted, or its records expired)', content: json('PageStatus') },
            '400': err('Not a page id'),
            '401': common['401'],
          },
        },
      },
      '/v1/pages': {
        get: {
          summary: 'Status of up to 100 pages at once',
          parameters: [{ name: 'ids', in: 'query', required: true, schema: { type: 'string' }, description: 'Comma-separated page ids' }],
          responses: { '200': { description: 'Statuses in the order asked', content: json('PageStatusList') }, '400': err('Bad ids'), '401': common['401'] },
        },
      },
      // Served by the read API beside ingest in `newsflow start` (packages/sink/src/api.ts).
      '/v1/articles/{id}': {
        get: {
          summary: 'One stored article',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'versions', in: 'query', schema: { type: 'boolean' }, description: 'Add the list of its versions' },
          ],
          responses: { '200': { description: 'The article', content: json('Article') }, '404': err('No article with this id'), '401': common['401'] },
        },
      },
      '/v1/articles/{id}/versions/{n}': {
        get: {
          summary: 'An article as it was at version n',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
          ],
          responses: { '200': { description: 'That version', content: json('Article') }, '400': err('n is not a whole number ≥ 1'), '404': err('No such article or version'), '401': common['401'] },
        },
      },
      '/v1/entities': {
        get: {
          summary: 'Entities by how many stored articles mention them',
          parameters: [
            { name: 'q', in: 'query', schema: { type: 'string' }, description: 'Name or alias' },
            { name: 'type', in: 'query', schema: { type: 'string', enum: ['PER', 'ORG', 'LOC', 'MISC'] } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1 } },
          ],
          responses: { '200': { description: 'Entities', content: json('EntityList') }, '400': err('A bad parameter (named)'), '401': common['401'] },
        },
      },
      '/v1/stories': {
        get: {
          summary: 'Stories: every outlet\'s coverage of one event, most recently active first',
          parameters: [
            { name: 'since', in: 'query', schema: { type: 'string' }, description: 'ISO date/time or an age such as 24h, 7d: stories with an article at or after it' },
            { name: 'until', in: 'query', schema: { type: 'string' } },
            { name: 'min', in: 'query', schema: { type: 'integer', minimum: 1 }, description: 'At least this many stored articles' },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1 } },
          ],
          responses: { '200': { description: 'Stories', content: json('StoryList') }, '400': err('A bad parameter (named)'), '401': common['401'] },
        },
      },
      '/v1/stories/{id}': {
        get: {
          summary: 'One story and its articles',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'articles', in: 'query', schema: { type: 'integer', minimum: 1 }, description: 'Articles listed at most (default 50)' },
          ],
          responses: { '200': { description: 'The story', content: json('StoryDetail') }, '404': err('No stored article carries this story id'), '401': common['401'] },
        },
      },
      '/v1/schemas/raw-article.json': {
        get: { summary: 'JSON Schema of RawArticle', security: [], responses: { '200': { description: 'JSON Schema (draft 2020-12)' } } },
      },
    },
  };
}
