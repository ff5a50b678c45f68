import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '@newsflow/core';
import { NER_TRAIN_SETS, readClusters, saveModel, trainNerModel, type NerTrainSet } from '@newsflow/entity';
import { CliError, parentCommand, type CliContext } from '../context.js';
import { formatNerScore } from './eval-ner.js';

interface TrainNerFlags {
  data: string;
  out: string;
  epochs: string;
  seed: string;
  bits: string;
  holdout: string;
  sets: string;
  goldWeight: string;
  clusters?: string;
  json?: boolean;
}

function int(flag: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`${flag}: must be an integer from ${min} to ${max}, got "${v}"`);
  return n;
}

export function register(program: Command, ctx: CliContext): void {
  parentCommand(program, 'train', 'Train the models newsflow ships')
    .command('ner')
    .description('Train the entity tagger (averaged structured perceptron) from the openly licensed NER training sets; reproduces the shipped model')
    .requiredOption('--data <dir>', 'directory holding gmb-kaggle/ner_dataset.csv.gz, wikigold/wikigold.conll.txt, gum/ and uner-ewt/')
    .requiredOption('--out <file>', 'where to write the model (e.g. packages/entity/models/ner-model.bin.gz)')
    .option('--epochs <n>', 'passes over the training data', '10')
    .option('--seed <n>', 'seed for shuffling and augmentation', '1')
    .option('--bits <n>', 'log2 of hashed feature buckets', '20')
    .option('--sets <list>', `training sets, comma-separated (${NER_TRAIN_SETS.join(', ')}); GUM and UNER are skipped when absent`, NER_TRAIN_SETS.join(','))
    .option('--clusters <file>', 'word clusters (newsflow train clusters) the features use; stored in the model')
    .option('--gold-weight <n>', 'times the gold sets are repeated against the silver GMB data', '4')
    .option('--holdout <share>', 'share of Wikigold documents held out and scored (0 = train on all)', '0')
    .option('--json', 'print a JSON summary')
    .action((f: TrainNerFlags) => {
      if (!existsSync(f.data)) throw new CliError(`--data: directory not found: ${f.data}`);
      const holdout = Number(f.holdout);
      if (!Number.isFinite(holdout) || holdout < 0 || holdout >= 1) throw new CliError(`--holdout: must be a number from 0 to below 1, got "${f.holdout}"`);
      const sets = f.sets.split(',').map((x) => x.trim()).filter(Boolean);
      const unknown = sets.filter((x) => !(NER_TRAIN_SETS as readonly string[]).includes(x));
      if (unknown.length || !sets.length) throw new CliError(`--sets: unknown set "${unknown[0] ?? ''}" (known: ${NER_TRAIN_SETS.join(', ')})`);
      const t0 = Date.now();
      let result;
      try {
        result = trainNerModel({
          dataDir: f.data,
          epochs: int('--epochs', f.epochs, 1, 100),
          seed: int('--seed', f.seed, 0, 2 ** 31 - 1),
          bits: int('--bits', f.bits, 16, 24),
          holdout,
          sets: sets as NerTrainSet[],
          goldWeight: int('--gold-weight', f.goldWeight, 1, 20),
          ...(f.clusters ? { clusters: readClusters(f.clusters) } : {}),
          log: (m) => ctx.err(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${m}`),
        });
      } catch (e) {
        throw e instanceof AppError ? new CliError(e.message) : e;
      }
      mkdirSync(dirname(f.out), { recursive: true });
      const bytes = saveModel(result.model, f.out);
      const seconds = (Date.now() - t0) / 1000;
      if (f.json) {
        ctx.out(JSON.stringify({ out: f.out, bytes, seconds, provenance: result.model.provenance, heldOut: result.heldOut ?? null }, null, 2));
        return;
      }
      ctx.out(`wrote ${f.out} (${(bytes / 1e6).toFixed(2)} MB) in ${seconds.toFixed(1)} s`);
      for (const d of result.model.provenance.data) ctx.out(`  trained on ${d.file} (${d.note}): ${d.sentences} sentences, ${d.tokens} tokens, sha256 ${d.sha256.slice(0, 16)}…`);
      if (result.heldOut) ctx.out(formatNerScore('held-out Wikigold', result.heldOut).join('\n'));
    });
}
