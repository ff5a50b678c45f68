import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ValidationError, rng } from '@newsflow/core';
import { GAZETTEER_SOURCES, buildGazetteers } from './build-gazetteers.js';
import { readConll, readGmb, type LabeledDoc } from './corpora.js';
import { readGum } from './gum.js';
import { evaluateTagger, type NerScore } from './evaluate.js';
import { WordClusters, type WordClustersData } from './clusters.js';
import { Gazetteer } from './gazetteer.js';
import { NerModel, runPasses, type NerModelData, type PassWeights } from './model.js';
import { sportsDocs } from './synthetic.js';
import { augmentHeadlines, trainPerceptron, type TrainOptions } from './train.js';

/** The training sets `train ner` knows, in the order they are read. */
export const NER_TRAIN_SETS = ['gmb', 'wikigold', 'gum', 'uner'] as const;
export type NerTrainSet = (typeof NER_TRAIN_SETS)[number];

export interface TrainNerOptions extends TrainOptions {
  /** Directory with `gmb-kaggle/ner_dataset.csv.gz`, `wikigold/wikigold.conll.txt`, `gum/*.conllu.gz` and `uner-ewt/*.iob2.gz`. */
  dataDir: string;
  /**
   * Sets to train on. GMB and Wikigold are required when named; GUM and UNER are read when their
   * directories exist. @defaultValue all of {@link NER_TRAIN_SETS}
   */
  sets?: readonly NerTrainSet[];
  /** Word clusters for the features (`newsflow train clusters`); stored in the model. @defaultValue none */
  clusters?: WordClustersData;
  /** Synthetic sports reports added to the training data (see `sportsDocs`). @defaultValue 1500 */
  sportsDocs?: number;
  /** Tagging passes: 2 adds a stacked second pass over document-wide first-pass labels. @defaultValue 2 */
  passes?: number;
  /** Times the gold documents (Wikigold, GUM, UNER) are repeated, to outweigh silver data. @defaultValue 4 */
  goldWeight?: number;
  /**
   * Share of Wikigold documents held out of training and scored after it, for tuning without
   * touching evaluation sets. 0 trains on everything (the shipped model). @defaultValue 0
   */
  holdout?: number;
}

export interface TrainNerResult {
  model: NerModelData;
  /** Score on the held-out Wikigold documents, when `holdout` > 0. */
  heldOut?: NerScore;
}

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

function count(docs: LabeledDoc[]): { sentences: number; tokens: number } {
  let sentences = 0;
  let tokens = 0;
  for (const d of docs) for (const s of d) (sentences++, (tokens += s.tokens.length));
  return { sentences, tokens };
}

type DataRecord = NerModelData['provenance']['data'][number];

/** The gzipped files of a directory, sorted, that `match` accepts. */
function gzFiles(dir: string, match: RegExp): string[] {
  return readdirSync(dir)
    .filter((f) => match.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * GUM's CC BY / BY-SA genres (gold entity layer, converted to name spans by {@link readGum}) and
 * Universal NER's English-EWT dev and test files (gold PER/ORG/LOC), each file recorded.
 */
function readGoldExtras(dataDir: string, sets: readonly NerTrainSet[], log: (m: string) => void): { docs: LabeledDoc[]; data: DataRecord[]; cleaning: string[] } {
  const docs: LabeledDoc[] = [];
  const data: DataRecord[] = [];
  const cleaning: string[] = [];
  const gumDir = join(dataDir, 'gum');
  if (sets.includes('gum') && existsSync(gumDir)) {
    const files = gzFiles(gumDir, /\.conllu\.gz$/);
    let spans = 0;
    for (const f of files) {
      const buf = readFileSync(f);
      const { doc, stats } = readGum(gunzipSync(buf).toString('utf8'));
      spans += stats.spans;
      docs.push(doc);
      data.push({ file: `gum/${basename(f)}`, sha256: sha256(buf), ...count([doc]), note: `GUM gold, ${stats.spans} name spans` });
    }
    log(`GUM: ${files.length} documents, ${spans} name spans`);
    cleaning.push('GUM: person/organization/place mentions headed by a proper noun → PER/ORG/LOC name spans; titles, a leading "the" and modifiers nested before a person name left out; outer mentions win');
  }
  const unerDir = join(dataDir, 'uner-ewt');
  if (sets.includes('uner') && existsSync(unerDir)) {
    for (const f of gzFiles(unerDir, /\.iob2\.gz$/)) {
      const buf = readFileSync(f);
      const read = readConll(gunzipSync(buf).toString('utf8'));
      docs.push(...read);
      data.push({ file: `uner-ewt/${basename(f)}`, sha256: sha256(buf), ...count(read), note: 'Universal NER English-EWT gold' });
      log(`UNER: ${basename(f)}: ${read.length} documents`);
    }
    cleaning.push('UNER: IOB2 read as is (PER/ORG/LOC, no MISC)');
  }
  return { docs, data, cleaning };
}

/**
 * Train the shipped NER model from the openly licensed training sets: GMB (silver, cleaned),
 * Wikigold, GUM and Universal NER (gold). The model records every file's sha256, the cleaning
 * steps and the gazetteers.
 */
export function trainNerModel(opts: TrainNerOptions): TrainNerResult {
  const sets = opts.sets ?? NER_TRAIN_SETS;
  const gmbPath = join(opts.dataDir, 'gmb-kaggle', 'ner_dataset.csv.gz');
  const wikiPath = join(opts.dataDir, 'wikigold', 'wikigold.conll.txt');
  for (const [set, p] of [['gmb', gmbPath], ['wikigold', wikiPath]] as const)
    if (sets.includes(set) && !existsSync(p)) throw new ValidationError(`--data: ${p} not found (expected the ner-train directory)`);
  if (/conll-?2003|conllpp/i.test(opts.dataDir)) throw new ValidationError('--data: CoNLL-2003 is for evaluation only; never train on it');
  const log = opts.log ?? (() => undefined);
  const gmbGz = sets.includes('gmb') ? readFileSync(gmbPath) : null;
  const gmb = gmbGz ? readGmb(gunzipSync(gmbGz)) : { docs: [], stats: null };
  if (gmb.stats) log(`GMB: ${gmb.stats.sentences} sentences, ${gmb.stats.tokens} tokens after cleaning`);
  const wikiBuf = sets.includes('wikigold') ? readFileSync(wikiPath) : null;
  const wiki = wikiBuf ? readConll(wikiBuf.toString('utf8')) : [];
  const cut = Math.round(wiki.length * (1 - (opts.holdout ?? 0)));
  const wikiTrain = wiki.slice(0, cut);
  const wikiDev = wiki.slice(cut);
  const extras = readGoldExtras(opts.dataDir, sets, log);
  const built = buildGazetteers();
  const gazetteer = Gazetteer.prepare(built.data);
  const countryAliases = built.countryAliases;
  log(`gazetteers: ${Object.entries(gazetteer).map(([k, v]) => `${k} ${v.length}`).join(', ')}`);
  const sports = sportsDocs(built.data, opts.sportsDocs ?? 1500, rng((opts.seed ?? 1) + 7));
  const gold: LabeledDoc[] = [];
  for (let i = 0; i < (opts.goldWeight ?? 4); i++) gold.push(...wikiTrain, ...extras.docs);
  const docs = augmentHeadlines([...gmb.docs, ...gold, ...sports], opts.headlineCaps ?? 0.3, rng((opts.seed ?? 1) + 13));
  const gaz = new Gazetteer(gazetteer, true, opts.clusters ? new WordClusters(opts.clusters) : null);
  const first = trainPerceptron(docs, gaz, opts);
  const passes: PassWeights[] = [first];
  if ((opts.passes ?? 2) > 1) {
    // Stacking: the second pass learns from first-pass labels the first pass did not see in
    // training (two-fold jackknife), so it learns how far to trust them on new text.
    const priors: string[][][] = new Array(docs.length);
    for (let fold = 0; fold < 2; fold++) {
      const trainIdx = docs.map((_, i) => i).filter((i) => i % 2 !== fold);
      log(`pass 2: fold ${fold + 1}/2`);
      const m = trainPerceptron(trainIdx.map((i) => docs[i]!), gaz, { ...opts, log: () => undefined });
      for (let i = fold; i < docs.length; i += 2) priors[i] = runPasses([m], gaz, m.bits, docs[i]!.map((s) => s.tokens));
    }
    log('pass 2: training on first-pass labels');
    passes.push(trainPerceptron(docs, gaz, opts, priors));
  }
  const bits = first.bits;
  const model: NerModelData = {
    bits,
    passes: passes.map((p) => ({ weights: p.weights, trans: p.trans })),
    gazetteer,
    countryAliases,
    ...(opts.clusters ? { clusters: opts.clusters } : {}),
    provenance: {
      trainer: 'averaged structured perceptron, first-order Viterbi (newsflow train ner)',
      createdAt: new Date().toISOString(),
      epochs: opts.epochs ?? 10,
      seed: opts.seed ?? 1,
      data: [
        ...(gmbGz ? [{ file: 'gmb-kaggle/ner_dataset.csv.gz', sha256: sha256(gmbGz), ...count(gmb.docs), note: 'GMB/VOA silver, cleaned' }] : []),
        ...(wikiBuf ? [{ file: 'wikigold/wikigold.conll.txt', sha256: sha256(wikiBuf), ...count(wikiTrain), note: `Wikigold gold, ${wikiTrain.length}/${wiki.length} documents` }] : []),
        ...extras.data,
      ],
      gazetteers: GAZETTEER_SOURCES,
      cleaning: [
        ...(gmb.stats
          ? [
              'GMB: cp1252 decoded; geo→LOC, org→ORG, per→PER, gpe/art/eve→MISC, tim/nat→O',
              `GMB: ${gmb.stats.titleTokensStripped} title tokens stripped from person spans, ${gmb.stats.titleOnlySpansDropped} title-only spans dropped`,
              `GMB: ${gmb.stats.duplicatesDropped} duplicate sentences and the cut-off last sentence dropped`,
              `GMB: ${gmb.stats.relabelled} spans relabelled to their text's majority type (≥ 60%)`,
              'GMB: consecutive sentences grouped 10 to a pseudo-document',
            ]
          : []),
        ...(wikiBuf ? ['Wikigold: IOB1 read as IOB2'] : []),
        ...extras.cleaning,
        `gold sets repeated ${opts.goldWeight ?? 4}×`,
        `synthetic: ${sports.length} sports reports generated from the gazetteers (teams as ORG in results, tables and prose)`,
        `augmentation: ${Math.round((opts.headlineCaps ?? 0.3) * 100)}% of documents get an upper-case or title-case copy of their first sentence`,
        `passes: ${passes.length} (the second stacked on two-fold jackknifed first-pass labels)`,
      ],
    },
  };
  const result: TrainNerResult = { model };
  if (wikiDev.length) result.heldOut = evaluateTagger(new NerModel(model).tagger, wikiDev);
  return result;
}
