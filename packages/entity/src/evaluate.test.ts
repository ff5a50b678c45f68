import { describe, expect, it } from 'vitest';
import { readConll } from './corpora.js';
import { chunks } from './spans.js';
import { evaluateTagger, scoreChunks } from './evaluate.js';

describe('NER scoring (conlleval semantics)', () => {
  it('reads an I- after O or another type as the start of a chunk', () => {
    expect(chunks(['I-PER', 'I-PER', 'I-LOC', 'O', 'I-ORG', 'B-ORG'])).toEqual([
      { type: 'PER', first: 0, last: 1 },
      { type: 'LOC', first: 2, last: 2 },
      { type: 'ORG', first: 4, last: 4 },
      { type: 'ORG', first: 5, last: 5 },
    ]);
  });

  it('counts only exact spans of the exact type, ignoring MISC', () => {
    const gold = [['B-PER', 'I-PER', 'O', 'B-LOC', 'B-MISC']];
    const pred = [['B-PER', 'O', 'O', 'B-LOC', 'O']];
    const s = scoreChunks(gold, pred);
    expect(s.types.PER).toMatchObject({ tp: 0, fp: 1, fn: 1 });
    expect(s.types.LOC).toMatchObject({ tp: 1, fp: 0, fn: 0, f1: 100 });
    expect(s.micro).toMatchObject({ tp: 1, fp: 1, fn: 1, precision: 50, recall: 50, f1: 50 });
  });

  it('reads CoNLL files with documents, 4 columns or 2, IOB1 or IOB2', () => {
    const docs = readConll('-DOCSTART- -X- -X- O\n\nEU NNP B-NP I-ORG\nrejects VBZ B-VP O\n\n-DOCSTART- O\n\nPeter I-PER\nBlackburn I-PER\n');
    expect(docs).toHaveLength(2);
    expect(docs[0]![0]).toEqual({ tokens: ['EU', 'rejects'], labels: ['B-ORG', 'O'] });
    expect(docs[1]![0]!.labels).toEqual(['B-PER', 'I-PER']);
  });

  it('scores a tagger over documents and reports tokens per second', () => {
    const docs = readConll('Paris I-LOC\nis O\nnice O\n');
    const s = evaluateTagger({ name: 'all-loc', tag: (d) => d.map((x) => x.map((_, i) => (i === 0 ? 'B-LOC' : 'O'))) }, docs);
    expect(s.micro.f1).toBe(100);
    expect(s.tokens).toBe(3);
    expect(s.tokensPerSecond).toBeGreaterThan(0);
  });
});
