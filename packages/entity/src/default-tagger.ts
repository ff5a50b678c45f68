import { fileURLToPath } from 'node:url';
import { loadModel, type NerModel } from './model.js';
import type { Tagger } from './spans.js';

/** Path of the model shipped with this package (trained by `newsflow train ner`). */
export const SHIPPED_MODEL_PATH = fileURLToPath(new URL('../models/ner-model.bin.gz', import.meta.url));

let cached: NerModel | undefined;

/** The shipped model, loaded on first use and kept for the life of the process. */
export function shippedModel(): NerModel {
  cached ??= loadModel(SHIPPED_MODEL_PATH);
  return cached;
}

/** The tagger and aliases used when none are given: the shipped model's. */
export function defaultTagger(): { tagger: Tagger; aliases: ReadonlyMap<string, string>; countries: ReadonlySet<string> } {
  const m = shippedModel();
  return { tagger: m.tagger, aliases: m.aliases, countries: m.countries };
}
