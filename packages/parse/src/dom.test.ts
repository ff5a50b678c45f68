import { describe, expect, it } from 'vitest';
import { attr, closest, eachElement, equalsIgnoringCase, findAll, findFirst, hasWord, isMarkedBody, isSecondParagraph, tagOf } from './dom.js';
import { parseDocument } from './html.js';

// Values that tell exact word and substring matching apart: case, neighbours, tabs, no-break spaces.
const PAGE = `<!doctype html><html><head><title>t</title><link rel="Canonical" href="/a"><link rel="alternate canonical" href="/b"><link rel="canonicals" href="/c">
<script type="application/LD+JSON">{}</script><script type="application/ld+json ">{}</script><script type="text/javascript"></script></head><body>
<div id="a" itemprop="articleBody"><p class="dek x">one</p><section itemprop="text articleBody"><h2 class="Dek">two</h2></section></div>
<div itemprop="articleBodyX"><span class="subheadline">three</span><span class="x\tdek">four</span></div>
<div itemprop="ArticleBody"><span class="x\u00a0dek">five</span></div>
<article><h1 class="sub-title">six</h1><template><p class="dek">hidden</p></template><p class="dekko">seven</p></article>
<ARTICLE class="  dek  "><svg><g class="dek"></g></svg></ARTICLE>
<footer class=""><p itemprop="description">eight</p></footer>
</body></html>`;

const ids = (els: Iterable<Element>): string[] => [...els].map((e) => `${e.tagName}:${e.textContent?.trim() ?? ''}`);

describe('element searches without selectors', () => {
  const doc = parseDocument(PAGE);

  it('visit every element in the order querySelectorAll lists them, skipping template content', () => {
    const seen: Element[] = [];
    eachElement(doc, (el) => void seen.push(el));
    expect(seen).toEqual([...doc.querySelectorAll('*')]);
    const below: Element[] = [];
    eachElement(doc.body, (el) => void below.push(el));
    expect(below).toEqual([...doc.body.querySelectorAll('*')]);
    expect(seen.some((el) => el.textContent === 'hidden' && el.tagName === 'P')).toBe(false);
  });

  it('match [attr~=word] as css-select does', () => {
    for (const [name, word] of [['itemprop', 'articleBody'], ['class', 'dek']] as const) {
      expect(findAll(doc, (el) => hasWord(el, name, word))).toEqual([...doc.querySelectorAll(`[${name}~="${word}"]`)]);
    }
    expect(findAll(doc, isMarkedBody)).toEqual([...doc.querySelectorAll('[itemprop~="articleBody"]')]);
  });

  it('match [class*=part] and [attr=value] as css-select does', () => {
    const parts = (el: Element): boolean => ['subhead', 'sub-title', 'dek'].some((p) => attr(el, 'class')?.includes(p) ?? false);
    expect(findAll(doc, parts)).toEqual([...doc.querySelectorAll('[class*="subhead"], [class*="sub-title"], [class*="dek"]')]);
    expect(findAll(doc, (el) => attr(el, 'itemprop') === 'description')).toEqual([...doc.querySelectorAll('[itemprop="description"]')]);
    // An empty class attribute is there (""), a missing one is not.
    expect(attr(doc.querySelector('footer')!, 'class')).toBe('');
    expect(attr(doc.querySelector('p')!, 'id')).toBeNull();
  });

  it('match type selectors whatever the case in the markup, and stop at the limit', () => {
    expect(findAll(doc, (el) => tagOf(el) === 'article')).toEqual([...doc.querySelectorAll('article')]);
    expect(ids(findAll(doc, (el) => tagOf(el) === 'h1' || tagOf(el) === 'h2', 1))).toEqual(ids([...doc.querySelectorAll('h1, h2')].slice(0, 1)));
    expect(findFirst(doc, (el) => tagOf(el) === 'article')).toBe(doc.querySelector('article'));
    expect(findFirst(doc, () => false)).toBeNull();
    expect(findAll(doc, () => true, 0)).toEqual([]);
  });

  it('match case-insensitive attribute selectors ("i") as css-select does', () => {
    expect(findAll(doc, (el) => tagOf(el) === 'link' && hasWord(el, 'rel', 'canonical', true))).toEqual([...doc.querySelectorAll('link[rel~="canonical" i]')]);
    expect(findAll(doc, (el) => tagOf(el) === 'link' && hasWord(el, 'rel', 'canonical', true))).toHaveLength(2);
    expect(findAll(doc, (el) => tagOf(el) === 'script' && equalsIgnoringCase(el, 'type', 'application/ld+json'))).toEqual([
      ...doc.querySelectorAll('script[type="application/ld+json" i]'),
    ]);
    expect(findAll(doc, (el) => equalsIgnoringCase(el, 'type', 'application/ld+json'))).toHaveLength(1);
  });

  it('match p + p as css-select does: the nearest element before is a paragraph, text between or not', () => {
    const d = parseDocument('<html><body><div><p>a</p> text <p>b</p><span></span><p>c</p><p>d</p></div><p>e</p></body></html>');
    expect(ids(findAll(d, isSecondParagraph))).toEqual(ids(d.querySelectorAll('p + p')));
    expect(ids(findAll(d, isSecondParagraph))).toEqual(['P:b', 'P:d']);
  });

  it('find the closest match from the element itself up, as closest() does', () => {
    for (const el of doc.querySelectorAll('*')) expect(closest(el, isMarkedBody)).toBe(el.closest('[itemprop~="articleBody"]'));
  });
});
