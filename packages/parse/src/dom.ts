/**
 * Element searches written out for the few selectors the parser runs on every page. linkedom
 * compiles a selector on each `querySelector*` / `closest` call and tests every node of the
 * document with it; these walk the elements once and test attributes directly. Each helper
 * matches exactly what its selector matches under css-select (linkedom's engine) in an HTML
 * document: attribute values compared case-sensitively, `~=` words split on `\s`, `class` read
 * from its attribute node, a `<template>`'s content skipped.
 */

/** An attribute's value as css-select reads it (`class` from its attribute node, not `className`). */
export function attr(el: Element, name: string): string | null {
  if (name === 'class') return el.getAttributeNode('class')?.value ?? null;
  return el.getAttribute(name);
}

const wordRes = new Map<string, RegExp>();

/** `[name~="word"]` (`[name~="word" i]` with `ignoreCase`): the attribute holds `word` as one of its whitespace-separated words. */
export function hasWord(el: Element, name: string, word: string, ignoreCase = false): boolean {
  const v = attr(el, name);
  if (v === null || v.length < word.length) return false;
  const key = ignoreCase ? `i ${word}` : word;
  let re = wordRes.get(key);
  if (!re) wordRes.set(key, (re = new RegExp(`(?:^|\\s)${word.replace(/[-[\]{}()*+?.,\\^$|#\s]/g, '\\$&')}(?:$|\\s)`, ignoreCase ? 'i' : '')));
  return re.test(v);
}

const partRes = new Map<string, RegExp>();

/** `[name*="part" i]`: the attribute contains `part` but for case. */
export function containsIgnoringCase(el: Element, name: string, part: string): boolean {
  const v = attr(el, name);
  if (v === null || v.length < part.length) return false;
  let re = partRes.get(part);
  if (!re) partRes.set(part, (re = new RegExp(part.replace(/[-[\]{}()*+?.,\\^$|#\s]/g, '\\$&'), 'i')));
  return re.test(v);
}

/** A descendant combinator's left side (`X Y` for `Y`): an ancestor element of `el` that `test` accepts. */
export function hasAncestor(el: Element, test: (el: Element) => boolean): boolean {
  for (let p = el.parentElement; p; p = p.parentElement) if (test(p)) return true;
  return false;
}

/** `[name="value" i]`: the attribute equals `value` but for case. */
export function equalsIgnoringCase(el: Element, name: string, value: string): boolean {
  const v = attr(el, name);
  return v !== null && v.length === value.length && v.toLowerCase() === value.toLowerCase();
}

/**
 * Calls `visit` with every element below `root` in document order (`root` itself excluded), as
 * `root.querySelectorAll('*')` lists them, until `visit` returns true.
 */
export function eachElement(root: Document | Element, visit: (el: Element) => boolean | void): void {
  let el: Element | null = root.firstElementChild;
  while (el) {
    if (visit(el) === true) return;
    const child: Element | null = el.localName === 'template' ? null : el.firstElementChild;
    if (child) {
      el = child;
      continue;
    }
    let cur: Element | null = el;
    el = null;
    while (cur) {
      const sib: Element | null = cur.nextElementSibling;
      if (sib) {
        el = sib;
        break;
      }
      const up: ParentNode | null = cur.parentNode;
      cur = up && up !== root && up.nodeType === 1 ? (up as Element) : null;
    }
  }
}

/** The elements below `root` that `test` accepts, in document order, at most `limit`. */
export function findAll(root: Document | Element, test: (el: Element) => boolean, limit = Infinity): Element[] {
  const out: Element[] = [];
  if (limit <= 0) return out;
  eachElement(root, (el) => {
    if (test(el)) out.push(el);
    return out.length >= limit;
  });
  return out;
}

/** The first element below `root` that `test` accepts. */
export function findFirst(root: Document | Element, test: (el: Element) => boolean): Element | null {
  return findAll(root, test, 1)[0] ?? null;
}

/** `el.closest(selector)` for a test: `el` itself or its nearest ancestor element that `test` accepts. */
export function closest(el: Element, test: (el: Element) => boolean): Element | null {
  for (let cur: Element | null = el; cur; cur = cur.parentElement) if (test(cur)) return cur;
  return null;
}

/** `p + p`: a paragraph right after another paragraph (the nearest element before it). */
export const isSecondParagraph = (el: Element): boolean => tagOf(el) === 'p' && el.previousElementSibling !== null && tagOf(el.previousElementSibling) === 'p';

/** `[itemprop~="articleBody"]`: the body the page marks up itself. */
export const isMarkedBody = (el: Element): boolean => hasWord(el, 'itemprop', 'articleBody');

/** The element's tag as a type selector compares it (`article`, `h1`). */
export const tagOf = (el: Element): string => el.localName.toLowerCase();
