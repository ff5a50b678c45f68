import type { Correction } from '@newsflow/contracts';
import { squash } from './boilerplate.js';

const LABELLED = /^\s*(?:\*\s*)?(correction|corrections|clarification|update|updated|editor['’]?s note|editors['’]? note|note)\s*(?:\([^)]{0,40}\))?\s*[:—–-]\s*/i;
const UNLABELLED =
  /^(?:an earlier version of this (?:article|story|report|post)|this (?:article|story|report|post) (?:has been|was) (?:updated|corrected|amended)|a previous version of this (?:article|story|report|post)|this (?:article|story) originally (?:stated|said|misstated|reported))/i;

function kindOf(label: string): Correction['kind'] {
  const l = label.toLowerCase();
  if (l.startsWith('update')) return 'update';
  if (l.startsWith('editor') || l === 'note') return 'editors-note';
  return 'correction';
}

/**
 * A corrections or update notice, or undefined. The notice text keeps its words but drops the
 * "Correction:" label, which the `kind` carries.
 */
export function asCorrection(raw: string): Correction | undefined {
  const text = squash(raw);
  if (text.length < 20 || text.length > 1200) return undefined;
  const m = LABELLED.exec(text);
  if (m) {
    const label = m[1]!;
    const rest = text.slice(m[0].length).trim();
    // "Note:" alone is too common in articles; accept it only for notices about the article itself.
    if (label.toLowerCase() === 'note' && !/\b(?:this (?:article|story)|earlier version|was (?:updated|corrected))\b/i.test(rest)) return undefined;
    if (/^update(?:d)?$/i.test(label) && rest.length > 600) return undefined;
    return rest ? { kind: kindOf(label), text: rest } : undefined;
  }
  if (UNLABELLED.test(text)) return { kind: /updated/i.test(text.slice(0, 60)) ? 'update' : 'correction', text };
  return undefined;
}
