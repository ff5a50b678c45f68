import { wordCount } from './boilerplate.js';
import { toBlocks, type Block } from './blocks.js';
import { cleanDocument } from './clean.js';

/** Containers sites use for the article body, by schema.org microdata, semantics or common class names. */
const BODY_SELECTORS = [
  '[itemprop~="articleBody"]',
  'article',
  '[class*="article-body"], [class*="article__body"], [class*="articleBody"], [class*="article-content"], [class*="article__content"]',
  '[class*="story-body"], [class*="story-content"], [class*="post-content"], [class*="post-body"], [class*="entry-content"], [class*="single-content"]',
  '[class*="recipe"], [class*="content-body"], [class*="text-body"], [class*="rich-text"], [class*="richtext"]',
  'main, [role="main"]',
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
  for (const sel of BODY_SELECTORS) {
    const els = Array.from(doc.querySelectorAll(sel)).slice(0, 20);
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
