import { describe, expect, it } from 'vitest';
import { readConll } from './corpora.js';
import { chunks } from './spans.js';
import { confusionTable, evaluateTagger, scoreChunks } from './evaluate.js';

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

  it('reads Universal NER files: index and annotator columns, comments, a new document per # newdoc', () => {
    const uner = [
      '# newdoc id = email-1',
      '# sent_id = email-1-0001',
      '# text = Call Robert Lloyd at Enron , meter # 1552 .',
      ...['Call O', 'Robert B-PER', 'Lloyd I-PER', 'at O', 'Enron B-ORG', ', O', 'meter O', '# O', '1552 O', '. O'].map((x, i) => `${i + 1}\t${x.replace(' ', '\t')}\t-\t${x.endsWith('O') ? '-' : 'stephen'}`),
      '',
      '# newdoc id = email-2',
      '# sent_id = email-2-0001',
      '1\tHouston\tB-LOC\t-\tstephen',
      '',
    ].join('\n');
    const docs = readConll(uner);
    expect(docs).toHaveLength(2);
    expect(docs[0]![0]!.tokens).toEqual(['Call', 'Robert', 'Lloyd', 'at', 'Enron', ',', 'meter', '#', '1552', '.']);
    expect(docs[0]![0]!.labels).toEqual(['O', 'B-PER', 'I-PER', 'O', 'B-ORG', 'O', 'O', 'O', 'O', 'O']);
    expect(docs[1]![0]).toEqual({ tokens: ['Houston'], labels: ['B-LOC'] });
    // A CoNLL token line for "#" is a token, not a comment.
    expect(readConll('# NN I-NP O\nfoo NN I-NP O\n')[0]![0]!.tokens).toEqual(['#', 'foo']);
  });

  it('says which types are mistaken for which, and what was missed, cut or invented', () => {
    const gold = [['B-LOC', 'O', 'B-ORG', 'I-ORG', 'O', 'B-PER', 'O', 'O']];
    const pred = [['B-ORG', 'O', 'B-ORG', 'O', 'O', 'O', 'O', 'B-LOC']];
    const c = confusionTable(gold, pred);
    expect(c.gold).toEqual({ LOC: { ORG: 1 }, ORG: { boundary: 1 }, PER: { missed: 1 } });
    expect(c.spurious).toEqual({ LOC: 1 });
    expect(evaluateTagger({ name: 'x', tag: () => pred }, [[{ tokens: gold[0]!.map(() => 'w'), labels: gold[0]! }]]).confusion).toEqual(c);
  });
});
