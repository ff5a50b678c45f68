import { z } from 'zod';
import { HttpUrl, IsoDateTime, Trace } from './common.js';

export const ParagraphKind = z.enum(['p', 'h2', 'h3', 'h4', 'li', 'quote', 'pre']);
export type ParagraphKind = z.infer<typeof ParagraphKind>;

export const Paragraph = z.object({ kind: ParagraphKind, text: z.string() });
export type Paragraph = z.infer<typeof Paragraph>;

export const Correction = z.object({
  kind: z.enum(['correction', 'update', 'editors-note']),
  text: z.string().min(1),
});
export type Correction = z.infer<typeof Correction>;

export const ImageRef = z.object({
  url: z.string().optional(),
  caption: z.string().optional(),
  credit: z.string().optional(),
});
export type ImageRef = z.infer<typeof ImageRef>;

/** Output of the parse stage: a clean article. */
export const ParsedArticle = z.object({
  /** Stable id: a hash of the canonical URL, so versions of one article share it. */
  id: z.string().regex(/^[a-z0-9]{8,64}$/),
  /** The ingest page this came from (url + content hash). */
  pageId: z.string(),
  url: HttpUrl,
  canonicalUrl: HttpUrl,
  fetchedAt: IsoDateTime,
  receivedAt: IsoDateTime,
  /**
   * The title as the page publishes it: its metadata title (JSON-LD, Dublin Core, OpenGraph, …), else
   * the headline part of `<title>`; the same title Firefox's Reader View shows, site suffix included
   * when the publisher put it there. Empty when the page has no title at all.
   */
  title: z.string(),
  /** The headline as readers see it on the page: the `<h1>` the title contains, or the title without the site name. */
  headline: z.string().optional(),
  subtitle: z.string().optional(),
  description: z.string().optional(),
  authors: z.array(z.string()),
  publishedAt: IsoDateTime.optional(),
  modifiedAt: IsoDateTime.optional(),
  language: z.string().optional(),
  siteName: z.string().optional(),
  source: z.string().optional(),
  section: z.string().optional(),
  tags: z.array(z.string()).default([]),
  image: ImageRef.optional(),
  images: z.array(ImageRef).default([]),
  body: z.string(),
  paragraphs: z.array(Paragraph),
  corrections: z.array(Correction).default([]),
  wordCount: z.number().int().min(0),
  metadata: z.record(z.string(), z.unknown()).default({}),
  trace: Trace,
});
export type ParsedArticle = z.infer<typeof ParsedArticle>;

export const EntityType = z.enum(['PER', 'ORG', 'LOC', 'MISC']);
export type EntityType = z.infer<typeof EntityType>;

export const Mention = z.object({
  text: z.string(),
  /** Character offsets into `body`, or, when `field` is `title`, into `headline` (into `title` when there is no headline). */
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  field: z.enum(['title', 'body']).default('body'),
});
export type Mention = z.infer<typeof Mention>;

export const Entity = z.object({
  /** Canonical name within the article, e.g. "Vladimir Putin" for "Putin". */
  name: z.string().min(1),
  type: EntityType,
  /** Stable key for joining across articles: type + normalized canonical name. */
  key: z.string().min(1),
  aliases: z.array(z.string()).default([]),
  mentions: z.array(Mention),
  count: z.number().int().min(0),
  /** Offset of the first mention in the body, or -1 when only in the title. */
  firstPosition: z.number().int(),
  /** 0..1: how central the entity is to the article (title and lead weigh more). */
  salience: z.number().min(0).max(1),
  /** Titles and roles seen next to the name, e.g. "Russian Foreign Minister". */
  attributes: z.object({ titles: z.array(z.string()).default([]) }).default({ titles: [] }),
});
export type Entity = z.infer<typeof Entity>;

/** Output of the entity stage. */
export const EnrichedArticle = ParsedArticle.extend({
  entities: z.array(Entity),
});
export type EnrichedArticle = z.infer<typeof EnrichedArticle>;

export const DedupeInfo = z.object({
  /**
   * sha256 of the normalized content of this version (NFKC, case, whitespace, quotes and dashes
   * folded): title, body and corrections, so a correction added to an unchanged body is a new version.
   */
  contentHash: z.string().regex(/^[a-f0-9]{64}$/),
  /** The canonical article this one duplicates, or null when it is canonical. */
  duplicateOf: z.string().nullable(),
  /** Which rule made it a duplicate. */
  duplicateKind: z.enum(['exact', 'near']).nullable().default(null),
  /** Estimated similarity to `duplicateOf` (Jaccard or containment, whichever decided). */
  similarity: z.number().min(0).max(1).nullable().default(null),
  /** 1 for the first content seen under this article id; n+1 for each changed content. */
  version: z.number().int().min(1),
  /** True when this content is already stored as the current version: the sink does nothing new. */
  unchanged: z.boolean().default(false),
  /** What changed against the previous version, when version > 1. */
  changes: z
    .object({
      paragraphsAdded: z.number().int().min(0),
      paragraphsRemoved: z.number().int().min(0),
      correctionsAdded: z.array(z.string()).default([]),
      titleChanged: z.boolean(),
    })
    .optional(),
  clusterId: z.string().min(1),
  /**
   * The story this article reports: every outlet's coverage of one event, written independently
   * or copied (`clusterId` groups only copies of one text). The id of the story's first article;
   * when an article bridges two stories the older id stays. Optional (added after the first
   * release) so verdicts from older workers, which assigned no stories, still parse.
   */
  storyId: z.string().min(1).optional(),
  /** The story's label when this article joined it: the headline of its most central article. Optional, as `storyId`. */
  storyLabel: z.string().optional(),
  /**
   * Stories this article bridged, merged into `storyId`: stored articles still carrying one of these
   * ids belong to `storyId` now (the sink re-points them). Optional, as `storyId`; absent when none.
   */
  storyMerged: z.array(z.string().min(1)).optional(),
  /**
   * An earlier article this one carries on without being a copy of it: a follow-up that reuses
   * its background under a new lead. Optional (added after the first release) so verdicts from
   * older workers still parse; absent when there is no such article.
   */
  relatedTo: z
    .object({
      articleId: z.string().min(1),
      kind: z.enum(['follow-up']),
      /** Estimated share of the earlier article's text found in this one. */
      similarity: z.number().min(0).max(1),
    })
    .optional(),
});
export type DedupeInfo = z.infer<typeof DedupeInfo>;

/** Output of the dedupe stage and what the sink stores: the normalized article. */
export const Article = EnrichedArticle.extend({ dedupe: DedupeInfo });
export type Article = z.infer<typeof Article>;

export { HttpUrl };
