import { describe, expect, it } from 'vitest';
import { compromiseTagger } from './baseline-compromise.js';

describe('compromise baseline', () => {
  it('maps its matches back onto the given tokens, without punctuation at the edges', () => {
    const [labels] = compromiseTagger().tag([['Tony', 'Blair', 'flew', 'to', 'Paris', ',', 'he', 'said', '.']]);
    expect(labels).toEqual(['B-PER', 'I-PER', 'O', 'O', 'B-LOC', 'O', 'O', 'O', 'O']);
  });
});
