import { wordCount } from './boilerplate.js';
import { toBlocks, type Block } from './blocks.js';
import { cleanDocument } from './clean.js';
import { attr, findAll, isMarkedBody, tagOf } from './dom.js';

/** `[class*="part"]` for any of the parts. */
const classHas =
  (...parts: string[]) =>
  (el: Element): boolean => {
    const cls = attr(el, 'class');
    return cls !== null && parts.some((p) => cls.includes(p));
  };

/**
 * Containers sites use for the article body, by schema.org microdata, semantics or common class
 * names, tried in this order; each test is the selector in its comment.
 */
export const BODY_CONTAINERS: ReadonlyArray<(el: Element) => boolean> = [
  // [itemprop~="articleBody"]
  isMarkedBody,
  // article
  (el) => tagOf(el) === 'article',
  // [class*="article-body"], [class*="article__body"], [class*="articleBody"], [class*="article-content"], [class*="article__content"]
  classHas('article-body', 'article__body', 'articleBody', 'article-content', 'article__content'),
  // [class*="story-body"], [class*="story-content"], [class*="post-content"], [class*="post-body"], [class*="entry-content"], [class*="single-content"]
  classHas('story-body', 'story-content', 'post-content', 'post-body', 'entry-content', 'single-content'),
  // [class*="recipe"], [class*="content-body"], [class*="text-body"], [class*="rich-text"], [class*="richtext"]
  classHas('recipe', 'content-body', 'text-body', 'rich-text', 'richtext'),
  // main, [role="main"]
  (el) => tagOf(el) === 'main' || attr(el, 'role') === 'main',
];

/** Words in blocks that read as prose rather than link lists. */
export function proseWords(blocks: Block[]): number {
  let n = 0;
  for (const b of blocks) if (b.linkDensity < 0.5) n += wordCount(b.text);
  return n;
}

function fromText(text: string): Block[] {
  return text
    .split(/\n+|(?<=[.!?])\s{2,}/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => ({ kind: 'p' as const, text: t, linkDensity: 0 }));
}

/**
 * Second opinion for pages where the main extraction came back short (Readability picks a wrong
 * candidate on some layouts: recipes, live pages, pages with many small sections). Tries the body
 * containers pages mark up, and the JSON-LD `articleBody`; returns the one with the most prose.
 */
export function fallbackBlocks(doc: Document, ldArticleBody: string | undefined): Block[] {
  cleanDocument(doc);
  let best: Block[] = [];
  let bestWords = 0;
  const consider = (blocks: Block[]) => {
    const w = proseWords(blocks);
    if (w > bestWords) {
      best = blocks;
      bestWords = w;
    }
  };
  for (const test of BODY_CONTAINERS) {
    const els = findAll(doc, test, 20);
    for (const el of els) consider(toBlocks(el).filter((b) => b.linkDensity < 0.5));
    if (bestWords > 300) break;
  }
  if (ldArticleBody && wordCount(ldArticleBody) > bestWords * 1.2) consider(fromText(ldArticleBody));
  if (bestWords < 30 && doc.body) {
    // Last resort for short items on pages with no marked-up body: the prose sentences anywhere on the page.
    consider(toBlocks(doc.body).filter((b) => b.linkDensity < 0.3 && wordCount(b.text) >= 12 && /[.!?…"”]$/.test(b.text)));
  }
  return best;
}
