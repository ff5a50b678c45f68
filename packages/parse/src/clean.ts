/**
 * DOM clean-up before body extraction. Removing what is never article text first makes the
 * extraction both faster (fewer nodes to score) and cleaner (no share bars or newsletter boxes
 * to be mistaken for content). Rules look at tags, ARIA roles and class/id words that sites use
 * for furniture, never at any one site's markup.
 */

const DROP_TAGS = 'script, style, noscript, template, svg, iframe, button, input, select, textarea, object, embed, canvas, link, nav, aside, dialog';
const DROP_ROLES = '[role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [role="search"], [role="dialog"], [role="alert"], [hidden], [aria-hidden="true"]';

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
  for (const p of Array.from(el.querySelectorAll('p'))) if ((p.textContent ?? '').length > 120 && ++n >= 3) break;
  return n;
}

function textLength(el: Element): number {
  return (el.textContent ?? '').length;
}

/** Remove furniture from the document in place. Returns how many elements went. */
export function cleanDocument(doc: Document): number {
  const body = doc.body;
  if (!body) return 0;
  let removed = 0;
  const drop = (el: Element) => {
    el.remove();
    removed++;
  };
  for (const el of Array.from(body.querySelectorAll(DROP_TAGS))) {
    const tag = el.tagName.toUpperCase();
    // A <nav>/<aside> holding a large part of the page is a layout wrapper, not a menu.
    if ((tag === 'NAV' || tag === 'ASIDE') && textLength(el) > 2000) continue;
    drop(el);
  }
  for (const el of Array.from(body.querySelectorAll(DROP_ROLES))) drop(el);
  for (const el of Array.from(body.querySelectorAll('[style*="display:none" i], [style*="display: none" i], [style*="visibility:hidden" i]'))) drop(el);
  const total = Math.max(1, textLength(body));
  for (const el of Array.from(body.querySelectorAll('[class], [id]'))) {
    if (!el.parentNode || !isFurniture(el)) continue;
    const tag = el.tagName.toUpperCase();
    if (tag === 'ARTICLE' || tag === 'MAIN' || tag === 'BODY' || tag === 'HTML') continue;
    if (textLength(el) > total * 0.3) continue;
    // Page builders put furniture words on every wrapper; a box with several real paragraphs is content.
    if (proseParagraphs(el) >= 3) continue;
    drop(el);
  }
  for (const el of Array.from(body.querySelectorAll('footer, header'))) {
    if (el.parentNode && textLength(el) < total * 0.15 && !el.querySelector('h1')) drop(el);
  }
  return removed;
}

const DEK_SELECTOR =
  '[itemprop="description"], [class~="dek"], [class*="standfirst"], [class*="subtitle"], [class*="sub-title"], [class*="subhead"], [class*="sub-head"], [class*="subheadline"], [class*="article-dek"], [class*="deck"], [class*="lede-text"], [class*="article-summary"]';

/**
 * Take the dek (the subtitle under the headline) out of the page: it is its own field, not body.
 * Only short elements outside the marked-up article body count, so a section heading is never taken.
 */
export function takeSubtitle(doc: Document): string | undefined {
  for (const el of Array.from(doc.querySelectorAll(DEK_SELECTOR)).slice(0, 10)) {
    const tag = el.tagName.toUpperCase();
    if (tag === 'META' || tag === 'BODY' || tag === 'HTML' || tag === 'ARTICLE' || tag === 'MAIN') continue;
    if (el.closest('[itemprop~="articleBody"]')) continue;
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    const words = text.split(' ').length;
    if (words < 4 || words > 60 || el.querySelector('p + p, h1')) continue;
    el.remove();
    return text;
  }
  return undefined;
}
