import { describe, expect, it } from 'vitest';
import { findAll } from './dom.js';
import { BODY_CONTAINERS } from './fallback.js';
import { parseDocument } from './html.js';

/** The selectors BODY_CONTAINERS stands for, in its order. */
const SELECTORS = [
  '[itemprop~="articleBody"]',
  'article',
  '[class*="article-body"], [class*="article__body"], [class*="articleBody"], [class*="article-content"], [class*="article__content"]',
  '[class*="story-body"], [class*="story-content"], [class*="post-content"], [class*="post-body"], [class*="entry-content"], [class*="single-content"]',
  '[class*="recipe"], [class*="content-body"], [class*="text-body"], [class*="rich-text"], [class*="richtext"]',
  'main, [role="main"]',
];

const PAGE = `<!doctype html><html><body>
<div itemprop="articleBody"><article class="my-article-body"><p class="ArticleBody articleBodyText">a</p></article></div>
<ARTICLE><div class="x story-contents">b</div><div class="Post-Body post_body">c</div></ARTICLE>
<section class="wprm-recipe-container"><div class="page-content-body">d</div><div class="richtext rich-text-block">e</div></section>
<MAIN></MAIN><div role="main">f</div><div role="Main">g</div><div role="main navigation">h</div>
<div class="single-content entry-content">i</div>
</body></html>`;

describe('body containers of the fallback extraction', () => {
  it('are found as their selectors find them', () => {
    const doc = parseDocument(PAGE);
    expect(BODY_CONTAINERS).toHaveLength(SELECTORS.length);
    BODY_CONTAINERS.forEach((test, i) => {
      const want = [...doc.querySelectorAll(SELECTORS[i]!)];
      expect(want.length, SELECTORS[i]).toBeGreaterThan(0);
      expect(findAll(doc, test), SELECTORS[i]).toEqual(want);
    });
  });
});
