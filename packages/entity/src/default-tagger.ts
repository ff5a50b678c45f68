import { compromiseTagger } from './baseline-compromise.js';
import type { Tagger } from './spans.js';

let cached: { tagger: Tagger; aliases: ReadonlyMap<string, string> } | undefined;

/** The tagger used when none is given: built once per process, on first use. */
export function defaultTagger(): { tagger: Tagger; aliases: ReadonlyMap<string, string> } {
  cached ??= { tagger: compromiseTagger(), aliases: new Map() };
  return cached;
}
