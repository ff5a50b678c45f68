/**
 * DOM clean-up before body extraction. Removing what is never article text first makes the
 * extraction both faster (fewer nodes to score) and cleaner (no share bars or newsletter boxes
 * to be mistaken for content). Rules look at tags, ARIA roles and class/id words that sites use
 * for furniture, never at any one site's markup.
 */

import { CAPTION_CLASS } from './blocks.js';
import { attr, closest, eachElement, findAll, findFirst, hasWord, isMarkedBody, isSecondParagraph, tagOf } from './dom.js';

const isH1 = (el: Element): boolean => tagOf(el) === 'h1';

const DROP_TAGS = 'script, style, noscript, template, svg, iframe, button, input, select, textarea, object, embed, canvas, link, nav, aside, dialog';

/** Class/id words of page furniture. Matched as whole words of a class or id (split on - and _). */
const FURNITURE =
  /^(?:share|sharing|shares|social|socials|sharebar|newsletter|newsletters|subscribe|subscription|signup|related|recommended|recommendations|promo|promos|advert|advertisement|ads|ad|adslot|adunit|dfp|sponsor|sponsored|cookie|cookies|consent|gdpr|comment|comments|disqus|popup|modal|breadcrumb|breadcrumbs|sidebar|menu|navbar|nav|footer|masthead|paywall|outbrain|taboola|trending|most-popular|mostpopular|newsletter-signup|toolbar|tags|tagcloud|pagination|pager|skip|skiplink|print|byline-share|author-bio|bio|more-stories|read-more|readmore)$/i;

function isFurniture(el: Element): boolean {
  const words = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.split(/[\s_-]+/);
  let hits = 0;
  for (const w of words) if (w && FURNITURE.test(w)) hits++;
  if (hits === 0) return false;
  // "article-content has-sidebar" style containers carry furniture words too; protect those with real content words.
  return !/(?:^|[\s_-])(?:article|story|post|entry|content|body|main|text)(?:[\s_-]|$)/i.test(`${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`) || hits >= 2;
}

function proseParagraphs(el: Element): number {
  let n = 0;
  eachElement(el, (p) => tagOf(p) === 'p' && (p.textContent ?? '').length > 120 && ++n >= 3);
  return n;
}

function textLength(el: Element): number {
  return (el.textContent ?? '').length;
}

const DROP_TAG_SET = new Set(DROP_TAGS.split(/,\s*/).map((t) => t.toUpperCase()));
const DROP_ROLE_SET = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'dialog', 'alert']);
const HIDDEN_STYLE = /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;
const KEEP_TAGS = new Set(['ARTICLE', 'MAIN', 'BODY', 'HTML']);
/** The card of a hover pop-up or tooltip ("rollover-people-block", "tooltiptext", "popover-content"), not its trigger. */
const POPUP_CARD = /(?:^|\s)[\w-]*(?:rollover|tooltip|popover|hovercard)[\w-]*(?:block|content|body|card|text|inner)(?:\s|$)/i;

/** "caption-text", "wp-caption-text", "InlineImage-imageEmbedCaption": a caption or credit by its class, caption-sized. */
function isCaption(el: Element): boolean {
  const cls = el.getAttribute('class');
  if (!cls || !(CAPTION_CLASS.test(cls) || /[a-z]Caption(?:$|[\s_-])/.test(cls))) return false;
  const len = textLength(el);
  // Not a box of paragraphs, headings or an article: `p + p, h1, h2, article`.
  return len > 0 && len <= MAX_CAPTION_CHARS && !findFirst(el, (e) => isSecondParagraph(e) || tagOf(e) === 'h1' || tagOf(e) === 'h2' || tagOf(e) === 'article');
}
const MAX_CAPTION_CHARS = 600;

/**
 * Re-tag a caption as `<figcaption>`: Readability turns a `<div>` without block children into a `<p>`
 * and drops its class on the way (attributes do not survive linkedom there), so the caption would
 * come back as a body paragraph. A `<figcaption>` keeps its tag.
 */
function asFigcaption(doc: Document, el: Element): void {
  const fc = doc.createElement('figcaption');
  while (el.firstChild) fc.appendChild(el.firstChild);
  el.replaceWith(fc);
}

/** Classes of the `<blockquote>` that embed scripts turn into a post. */
const EMBED_CLASSES = ['twitter-tweet', 'instagram-media', 'tiktok-embed', 'bluesky-embed', 'mastodon-embed'];
const EMBEDDED_POST = EMBED_CLASSES.map((c) => `blockquote.${c}`).join(', ');
/** Live blogs embed dozens; past this many the rest keep their wrappers. */
const MAX_EMBEDDED_POSTS = 500;
/** The same classes in raw markup: a page without any skips the DOM search. */
export const EMBEDDED_POST_MARKUP = new RegExp(EMBED_CLASSES.join('|'));

/**
 * An embedded post (a tweet's `<blockquote>` inside `<div class="social-media-embed">`) is a quote the
 * story makes, but its wrapper's class reads as a share bar to us and to Readability. The wrapper is
 * replaced by the bare quote.
 */
function unwrapEmbeddedPosts(body: Element): void {
  for (const quote of Array.from(body.querySelectorAll(EMBEDDED_POST)).slice(0, MAX_EMBEDDED_POSTS)) {
    let wrapper: Element = quote;
    const len = textLength(quote);
    // A wrapper holds the quote and little else: one or two children, barely more text. The text of a
    // parent with many children (the article) is never computed, so a page of many embeds stays linear.
    for (let p = quote.parentElement; p && p !== body && p.childElementCount <= 2 && textLength(p) <= len + 20; p = p.parentElement) wrapper = p;
    if (wrapper !== quote) wrapper.replaceWith(quote);
    quote.removeAttribute('class');
  }
}

/** Remove furniture from the document in place, in one walk over the elements. Returns how many went. */
export function cleanDocument(doc: Document, opts: { embeddedPosts?: boolean } = {}): number {
  const body = doc.body;
  if (!body) return 0;
  if (opts.embeddedPosts ?? true) unwrapEmbeddedPosts(body);
  let removed = 0;
  let total = -1;
  const totalText = () => (total >= 0 ? total : (total = Math.max(1, textLength(body))));
  // Depth-first in document order; a removed element's subtree is not visited (it is gone either way).
  const stack: Element[] = [];
  const pushChildren = (parent: Element): void => {
    for (let c = parent.lastElementChild; c; c = c.previousElementSibling) stack.push(c);
  };
  pushChildren(body);
  while (stack.length) {
    const el = stack.pop()!;
    const tag = el.tagName.toUpperCase();
    let drop = false;
    if (DROP_TAG_SET.has(tag)) {
      // A <nav>/<aside> holding a large part of the page, or the headline, is a layout wrapper, not a menu.
      drop = !((tag === 'NAV' || tag === 'ASIDE') && (textLength(el) > 2000 || findFirst(el, isH1) !== null));
    } else if (
      el.hasAttribute('hidden') ||
      el.getAttribute('aria-hidden') === 'true' ||
      DROP_ROLE_SET.has(el.getAttribute('role') ?? '') ||
      HIDDEN_STYLE.test(el.getAttribute('style') ?? '')
    ) {
      drop = true;
    } else if (!KEEP_TAGS.has(tag) && (el.hasAttribute('class') || el.hasAttribute('id')) && isFurniture(el)) {
      // Page builders put furniture words on every wrapper; a box with much of the text or several real paragraphs is content.
      // Inside the body the page marks itself (itemprop=articleBody), one real paragraph is enough to keep it.
      drop = textLength(el) <= totalText() * 0.3 && proseParagraphs(el) < (closest(el, isMarkedBody) ? 1 : 3);
    } else if (POPUP_CARD.test(el.getAttribute('class') ?? '')) {
      // A hover card inside a paragraph (a person's name → their photo and latest headlines): shown on hover, never read in line.
      drop = true;
    } else if (tag === 'FOOTER' || tag === 'HEADER') {
      drop = textLength(el) < totalText() * 0.15 && !findFirst(el, isH1);
    } else if (!KEEP_TAGS.has(tag) && tag !== 'FIGCAPTION' && tag !== 'FIGURE' && isCaption(el)) {
      asFigcaption(doc, el);
      continue;
    }
    if (drop) {
      el.remove();
      removed++;
    } else {
      pushChildren(el);
    }
  }
  return removed;
}

/**
 * Where pages put the dek: `[itemprop="description"]`, the class word `dek`, or a class containing
 * one of these (`[class*="standfirst"]`, …).
 */
const DEK_CLASS_PARTS = ['standfirst', 'subtitle', 'sub-title', 'subhead', 'sub-head', 'subheadline', 'article-dek', 'deck', 'lede-text', 'article-summary'];

function isDek(el: Element): boolean {
  if (attr(el, 'itemprop') === 'description') return true;
  const cls = attr(el, 'class');
  return cls !== null && (hasWord(el, 'class', 'dek') || DEK_CLASS_PARTS.some((p) => cls.includes(p)));
}

/**
 * Take the dek (the subtitle under the headline) out of the page: it is its own field, not body.
 * Only short elements outside the marked-up article body count, so a section heading is never taken.
 */
export function takeSubtitle(doc: Document): string | undefined {
  for (const el of findAll(doc, isDek, 10)) {
    const tag = el.tagName.toUpperCase();
    if (tag === 'META' || tag === 'BODY' || tag === 'HTML' || tag === 'ARTICLE' || tag === 'MAIN') continue;
    if (closest(el, isMarkedBody)) continue;
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    const words = text.split(' ').length;
    if (words < 4 || words > 60 || findFirst(el, (e) => isSecondParagraph(e) || isH1(e))) continue;
    el.remove();
    return text;
  }
  return undefined;
}
