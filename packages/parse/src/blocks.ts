import type { ParagraphKind } from '@newsflow/contracts';
import { squash } from './boilerplate.js';

export interface Block {
  kind: ParagraphKind;
  text: string;
  /** Inside a `<figure>`/`<figcaption>` or marked as a caption/credit by its class. */
  caption?: boolean;
  /** Share of the block's text inside links (0..1): high for menus and related-link lists. */
  linkDensity: number;
}

const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TBODY',
  'THEAD', 'TFOOT', 'TR', 'TD', 'TH', 'UL', 'CAPTION', 'DETAILS', 'SUMMARY', 'CENTER',
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'SVG', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'IFRAME', 'OBJECT', 'EMBED', 'CANVAS', 'TEMPLATE', 'MATH', 'VIDEO', 'AUDIO', 'MAP', 'HEAD', 'LINK', 'META']);
export const CAPTION_CLASS = /(?:^|[\s_-])(?:caption|credit|photo-?credit|image-?credit|img-?credit|copyright|wp-caption-text|media-credit)(?:$|[\s_-])/i;

function kindFor(tag: string, inQuote: boolean): ParagraphKind {
  if (tag === 'H1' || tag === 'H2') return 'h2';
  if (tag === 'H3') return 'h3';
  if (tag === 'H4' || tag === 'H5' || tag === 'H6') return 'h4';
  if (tag === 'LI' || tag === 'DT' || tag === 'DD') return 'li';
  if (tag === 'PRE') return 'pre';
  return inQuote ? 'quote' : 'p';
}

/**
 * Flatten an element into text blocks, one per paragraph, heading or list item, keeping each one's
 * kind, whether it is a caption, and how much of it is link text. Iterative, so 100,000 nested
 * elements cannot overflow the stack.
 */
export function toBlocks(root: Element): Block[] {
  const out: Block[] = [];
  let buf = '';
  let linkChars = 0;
  let kind: ParagraphKind = 'p';
  let caption = false;
  const flush = (): void => {
    const text = squash(buf);
    if (text) out.push({ kind, text, linkDensity: Math.min(1, linkChars / text.length), ...(caption ? { caption: true } : {}) });
    buf = '';
    linkChars = 0;
  };
  type Frame = { node: Node; quote: boolean; cap: boolean; link: boolean; block: string; exit?: Element };
  const stack: Frame[] = [{ node: root, quote: false, cap: false, link: false, block: 'P' }];
  while (stack.length) {
    const f = stack.pop()!;
    if (f.exit) {
      if (BLOCK.has(f.exit.tagName.toUpperCase())) flush();
      continue;
    }
    const n = f.node;
    if (n.nodeType === 3) {
      const t = n.nodeValue ?? '';
      if (!buf) {
        kind = kindFor(f.cap ? 'P' : f.block, f.quote);
        caption = f.cap;
      }
      buf += t;
      if (f.link) linkChars += squash(t).length;
      continue;
    }
    if (n.nodeType !== 1) continue;
    const el = n as Element;
    const tag = el.tagName.toUpperCase();
    if (SKIP.has(tag)) continue;
    if (tag === 'BR') {
      buf += '\n';
      continue;
    }
    const isBlock = BLOCK.has(tag);
    if (isBlock) flush();
    const cls = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    const cap = f.cap || tag === 'FIGCAPTION' || tag === 'FIGURE' || (cls.length > 1 && CAPTION_CLASS.test(cls));
    const frame = { quote: f.quote || tag === 'BLOCKQUOTE', cap, link: f.link || tag === 'A', block: isBlock ? tag : f.block };
    stack.push({ node: el, ...frame, exit: el });
    const kids = el.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, ...frame });
  }
  flush();
  return out;
}
