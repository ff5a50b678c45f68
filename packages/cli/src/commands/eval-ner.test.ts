import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommands } from '../../test/run-commands.js';
import { register as registerEval } from './eval-ner.js';
import { register as registerBench } from './bench-entity.js';
import { register as registerTrain } from './train-ner.js';

function run(...args: string[]): Promise<{ out: string[]; error?: Error }> {
  return runCommands([registerEval, registerBench, registerTrain], args);
}

const dir = mkdtempSync(join(tmpdir(), 'nf-eval-ner-'));
const conll = join(dir, 'tiny.conll');
// Our own two sentences in CoNLL-2003's four-column IOB2 layout.
writeFileSync(
  conll,
  [
    '-DOCSTART- -X- -X- O',
    '',
    'Angela NNP B-NP B-PER',
    'Merkel NNP I-NP I-PER',
    'visited VBD B-VP O',
    'Paris NNP B-NP B-LOC',
    'on IN B-PP O',
    'Monday NNP B-NP O',
    '. . O O',
    '',
    'Siemens NNP B-NP B-ORG',
    'said VBD B-VP O',
    'profits NNS B-NP O',
    'rose VBD B-VP O',
    '. . O O',
    '',
  ].join('\n'),
);
const reuters = join(dir, 'linked.xml');
writeFileSync(
  reuters,
  `<?xml version="1.0" encoding="UTF-8"?><corpus><Document id="1"><TextWithNamedEntities><NamedEntityInText uri="http://dbpedia.org/resource/Angela_Merkel">Angela Merkel</NamedEntityInText><SimpleTextPart> met bankers in </SimpleTextPart><NamedEntityInText uri="http://dbpedia.org/resource/Frankfurt">Frankfurt</NamedEntityInText><SimpleTextPart>. </SimpleTextPart><NamedEntityInText uri="http://dbpedia.org/resource/Angela_Merkel">Merkel</NamedEntityInText><SimpleTextPart> said rates would stay low.</SimpleTextPart></TextWithNamedEntities></Document></corpus>`,
);

describe('newsflow eval ner', () => {
  it('scores the model and the compromise baseline on the same file, with tokens/s', async () => {
    const r = await run('eval', 'ner', '--conll', conll, '--baseline', 'compromise', '--json');
    expect(r.error).toBeUndefined();
    const j = JSON.parse(r.out.join('\n'));
    expect(j.conll.model.tokens).toBe(12);
    expect(Object.keys(j.conll.model.types).sort()).toEqual(['LOC', 'ORG', 'PER']);
    expect(j.conll.model.micro.f1).toBeGreaterThan(0);
    expect(j.conll.model.tokensPerSecond).toBeGreaterThan(0);
    expect(j.conll.baseline.name).toBe('compromise');
    expect(j.model.data.map((d: { file: string }) => d.file)).toContain('wikigold/wikigold.conll.txt');
  });

  it('prints a human table', async () => {
    const r = await run('eval', 'ner', '--conll', conll);
    expect(r.out[0]).toMatch(/^model: micro-F1 \d+\.\d\d on PER\/LOC\/ORG .* tokens\/s$/);
    expect(r.out.some((l) => /^\s+ORG\s+P/.test(l))).toBe(true);
  });

  it('scores canonicalisation pairwise on linked mentions', async () => {
    const r = await run('eval', 'ner', '--reuters', reuters, '--json');
    const j = JSON.parse(r.out.join('\n'));
    expect(j.canonicalisation).toMatchObject({ documents: 1, mentions: 3 });
    expect(j.canonicalisation.goldMentions).toMatchObject({ goldPairs: 1, correctPairs: 1, recall: 100 });
  });

  it('names the flag when an input is missing or unknown', async () => {
    expect((await run('eval', 'ner')).error?.message).toMatch(/--conll FILE and\/or --reuters FILE/);
    expect((await run('eval', 'ner', '--conll', join(dir, 'nope.txt'))).error?.message).toMatch(/--conll: file not found/);
    expect((await run('eval', 'ner', '--conll', conll, '--baseline', 'spacy')).error?.message).toMatch(/--baseline: unknown baseline "spacy"/);
    expect((await run('eval', 'ner', '--conll', conll, '--model', join(dir, 'nope.gz'))).error?.message).toMatch(/--model: cannot read NER model/);
  });
});

describe('newsflow bench entity', () => {
  it('reports tokens per second for the tagger and for extractEntities', async () => {
    const r = await run('bench', 'entity', conll, '--repeat', '2', '--json');
    expect(r.error).toBeUndefined();
    const j = JSON.parse(r.out.join('\n'));
    expect(j).toMatchObject({ documents: 1, tokens: 12, passes: 1 });
    expect(j.tagger.tokensPerSecond).toBeGreaterThan(0);
    expect(j.extractEntities.tokensPerSecond).toBeGreaterThan(0);
  });
});

describe('newsflow train ner', () => {
  it('names the flag when the data directory is wrong', async () => {
    expect((await run('train', 'ner', '--data', join(dir, 'none'), '--out', join(dir, 'm.gz'))).error?.message).toMatch(/--data: directory not found/);
    expect((await run('train', 'ner', '--data', dir, '--out', join(dir, 'm.gz'))).error?.message).toMatch(/--data: .*ner_dataset\.csv\.gz not found/);
    expect((await run('train', 'ner', '--data', dir, '--out', join(dir, 'm.gz'), '--holdout', '2')).error?.message).toMatch(/--holdout/);
  });
});
