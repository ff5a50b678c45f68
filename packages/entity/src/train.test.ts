import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '@newsflow/core';
import { readGmb } from './corpora.js';
import { NerModel, decodeModel, encodeModel, loadModel, saveModel } from './model.js';
import { trainNerModel } from './train-files.js';

// A few sentences in the GMB CSV layout (cp1252), with its known noise: titles inside person
// spans, time expressions, a duplicate sentence and a cut-off last sentence.
const GMB_ROWS = [
  ['Sentence: 1', 'Prime', 'NNP', 'B-per'],
  ['', 'Minister', 'NNP', 'O'],
  ['', 'Anna', 'NNP', 'B-per'],
  ['', 'Novak', 'NNP', 'I-per'],
  ['', 'visited', 'VBD', 'O'],
  ['', 'Berlin', 'NNP', 'B-geo'],
  ['', 'on', 'IN', 'O'],
  ['', 'Tuesday', 'NNP', 'B-tim'],
  ['', '.', '.', 'O'],
  ['Sentence: 2', 'President', 'NNP', 'B-per'],
  ['', 'Karl', 'NNP', 'I-per'],
  ['', 'Berg', 'NNP', 'I-per'],
  ['', 'met', 'VBD', 'O'],
  ['', 'Acme', 'NNP', 'B-org'],
  ['', 'officials', 'NNS', 'O'],
  ['', 'in', 'IN', 'O'],
  ['', 'Paris', 'NNP', 'B-geo'],
  ['', '.', '.', 'O'],
  ['Sentence: 3', 'President', 'NNP', 'B-per'],
  ['', 'Karl', 'NNP', 'I-per'],
  ['', 'Berg', 'NNP', 'I-per'],
  ['', 'met', 'VBD', 'O'],
  ['', 'Acme', 'NNP', 'B-org'],
  ['', 'officials', 'NNS', 'O'],
  ['', 'in', 'IN', 'O'],
  ['', 'Paris', 'NNP', 'B-geo'],
  ['', '.', '.', 'O'],
  ['Sentence: 4', 'The', 'DT', 'O'],
  ['', 'Caf\u00e9', 'NNP', 'B-org'],
  ['', '"', '``', 'O'],
  ['', ',', ',', 'O'],
  ['', 'opened', 'VBD', 'O'],
  ['', '.', '.', 'O'],
  ['Sentence: 5', 'Cut', 'VBD', 'O'],
];

function gmbCsv(): Buffer {
  const q = (f: string): string => (/[",]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
  const text = ['Sentence #,Word,POS,Tag', ...GMB_ROWS.map((r) => r.map(q).join(','))].join('\r\n') + '\r\n';
  return Buffer.from(text, 'latin1'); // cp1252 and latin1 agree on these bytes
}

const WIKIGOLD = ['Anna I-PER', 'Novak I-PER', 'works O', 'for O', 'Acme I-ORG', 'in O', 'Berlin I-LOC', '. O', '', 'Karl I-PER', 'Berg I-PER', 'lives O', 'in O', 'Paris I-LOC', '. O', ''].join('\n');

describe('readGmb', () => {
  it('cleans the silver data: titles out of person spans, time as O, duplicates and the cut-off sentence dropped', () => {
    const { docs, stats } = readGmb(gmbCsv());
    const sents = docs.flat();
    expect(sents).toHaveLength(3);
    expect(stats).toMatchObject({ duplicatesDropped: 1, titleOnlySpansDropped: 1, titleTokensStripped: 1 });
    expect(sents[0]!.labels).toEqual(['O', 'O', 'B-PER', 'I-PER', 'O', 'B-LOC', 'O', 'O', 'O']);
    expect(sents[1]!.labels.slice(0, 3)).toEqual(['O', 'B-PER', 'I-PER']);
    expect(sents[2]!.tokens).toEqual(['The', 'Café', '"', ',', 'opened', '.']);
  });
});

describe('trainNerModel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nf-ner-'));
  mkdirSync(join(dir, 'gmb-kaggle'));
  mkdirSync(join(dir, 'wikigold'));
  writeFileSync(join(dir, 'gmb-kaggle', 'ner_dataset.csv.gz'), gzipSync(gmbCsv()));
  writeFileSync(join(dir, 'wikigold', 'wikigold.conll.txt'), WIKIGOLD);
  const { model } = trainNerModel({ dataDir: dir, epochs: 5, bits: 16, sportsDocs: 5, passes: 2 });

  it('learns its training sentences and records what it was trained on', () => {
    const m = new NerModel(model);
    expect(m.tagger.tag([['Anna', 'Novak', 'visited', 'Berlin', '.']])).toEqual([['B-PER', 'I-PER', 'O', 'B-LOC', 'O']]);
    expect(model.passes).toHaveLength(2);
    expect(model.provenance.data.map((d) => d.file)).toEqual(['gmb-kaggle/ner_dataset.csv.gz', 'wikigold/wikigold.conll.txt']);
    expect(model.provenance.data[0]!.sha256).toMatch(/^[a-f0-9]{64}$/);
    expect(model.provenance.gazetteers.join(' ')).toMatch(/world-countries/);
  });

  it('round-trips through the model file and tags the same', () => {
    const path = join(dir, 'model.bin.gz');
    saveModel(model, path);
    const loaded = loadModel(path);
    const doc = [['Karl', 'Berg', 'met', 'Acme', 'officials', 'in', 'Paris', '.']];
    expect(loaded.tagger.tag(doc)).toEqual(new NerModel(model).tagger.tag(doc));
    expect(loaded.data.provenance).toEqual(model.provenance);
  });

  it('rejects a file that is not a model with a coded error', () => {
    expect(() => decodeModel(Buffer.from('nope'))).toThrow(AppError);
    expect(() => decodeModel(gzipSync(Buffer.from('NFNER1garbage')))).toThrow(/MODEL|model/);
    expect(() => loadModel(join(dir, 'missing.bin.gz'))).toThrow(/cannot read NER model/);
    expect(encodeModel(model).length).toBeGreaterThan(0);
  });

  it('refuses to train on CoNLL-2003', () => {
    expect(() => trainNerModel({ dataDir: join(dir, 'conll2003') })).toThrow(/not found|evaluation only/);
  });
});
