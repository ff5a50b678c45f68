import { describe, expect, it } from 'vitest';
import { chunks } from './spans.js';
import { readGum } from './gum.js';

/** CoNLL-U rows: form, upos, xpos, and the MISC column's Entity value (or '_'). */
function conllu(rows: Array<[string, string, string, string]>): string {
  return [
    '# newdoc id = GUM_news_test',
    '# global.Entity = GRP-etype-infstat-salience-centering-minspan-link-identity',
    '# text = …',
    ...rows.map(([form, upos, xpos, ent], i) => [i + 1, form, form.toLowerCase(), upos, xpos, '_', 0, 'dep', '_', ent === '_' ? '_' : `Entity=${ent}`].join('\t')),
    '',
  ].join('\n');
}

const spansOf = (text: string): string[] => {
  const { doc } = readGum(text);
  return doc.flatMap((s) => chunks(s.labels).map((c) => `${s.tokens.slice(c.first, c.last + 1).join(' ')}/${c.type}`));
};

describe('readGum', () => {
  it('keeps the name of a person and drops the title and the nested place that modify it', () => {
    const text = conllu([
      ['critics', 'NOUN', 'NNS', '_'],
      ['of', 'ADP', 'IN', '_'],
      ['U.S.', 'PROPN', 'NNP', '(1-person-new-sssss-cf1-1,2,3,4-coref-Donald_Trump(2-place-new-sssss-cf2-1-coref-United_States)'],
      ['President', 'PROPN', 'NNP', '_'],
      ['Donald', 'PROPN', 'NNP', '_'],
      ['Trump', 'PROPN', 'NNP', '1)'],
      ['spoke', 'VERB', 'VBD', '_'],
    ]);
    expect(spansOf(text)).toEqual(['U.S./LOC', 'Donald Trump/PER']);
  });

  it('keeps an organisation whole over "of" and a nested place, and leaves unnamed mentions out', () => {
    const text = conllu([
      ['the', 'DET', 'DT', '(1-organization-new-sssss-cf1-2,4-coref-University_of_Portsmouth'],
      ['University', 'PROPN', 'NNP', '_'],
      ['of', 'ADP', 'IN', '_'],
      ['Portsmouth', 'PROPN', 'NNP', '(2-place-new-sssss-cf2-1-coref-Portsmouth)1)'],
      ['hired', 'VERB', 'VBD', '_'],
      ['the', 'DET', 'DT', '(3-person-new-sssss-cf3-2-coref'],
      ['team', 'NOUN', 'NN', '3)'],
      ['and', 'CCONJ', 'CC', '_'],
      ['Muslims', 'PROPN', 'NNPS', '(4-person-new-sssss-cf4-1-sgl)'],
      ['in', 'ADP', 'IN', '_'],
      ['Durham', 'PROPN', 'NNP', '(5-place-new-sssss-cf5-1-coref-Durham'],
      [',', 'PUNCT', ',', '_'],
      ['England', 'PROPN', 'NNP', '(6-place-new-sssss-cf6-1-coref-England)5)'],
    ]);
    const { stats } = readGum(text);
    expect(spansOf(text)).toEqual(['University of Portsmouth/ORG', 'Durham/LOC', 'England/LOC']);
    expect(stats).toMatchObject({ documents: 1, sentences: 1, tokens: 13, mentions: 6, spans: 3 });
  });

  it('ignores other entity types and closes mentions left open at the end of a sentence', () => {
    const text = conllu([
      ['Friday', 'PROPN', 'NNP', '(1-time-new-nnnnn-cf1-1-coref)'],
      ['in', 'ADP', 'IN', '_'],
      ['Tulsa', 'PROPN', 'NNP', '(2-place-new-sssss-cf2-1-coref-Tulsa'],
    ]);
    expect(spansOf(text)).toEqual(['Tulsa/LOC']);
  });
});
