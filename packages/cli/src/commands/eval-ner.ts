import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '@newsflow/core';
import {
  compromiseTagger,
  evaluateCanonicalisation,
  extractEntities,
  hasEntityModel,
  typeConsistency,
  evaluateTagger,
  loadModel,
  readConll,
  readReuters128,
  shippedModel,
  SCORED_TYPES,
  type CanonicalisationScore,
  NerModel,
  type NerScore,
} from '@newsflow/entity';
import { CliError, parentCommand, type CliContext } from '../context.js';
import { parseDatasetPages } from '../dataset-pages.js';

interface EvalNerFlags {
  conll?: string;
  reuters?: string;
  dataset?: string;
  baseline?: string;
  model?: string;
  harmonise?: boolean;
  json?: boolean;
}

function readInput(path: string, flag: string): string {
  if (!existsSync(path)) throw new CliError(`${flag}: file not found: ${path}`);
  return readFileSync(path, 'utf8');
}

/** The model named by --model, or the shipped one. */
export function modelFromFlag(path: string | undefined): NerModel {
  try {
    return path ? loadModel(path) : shippedModel();
  } catch (e) {
    throw e instanceof AppError ? new CliError(`--model: ${e.message}`) : e;
  }
}

export function formatNerScore(name: string, s: NerScore): string[] {
  const row = (t: string, x: { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number }): string =>
    `  ${t.padEnd(6)} P ${x.precision.toFixed(2).padStart(6)}  R ${x.recall.toFixed(2).padStart(6)}  F1 ${x.f1.toFixed(2).padStart(6)}   (tp ${x.tp}, fp ${x.fp}, fn ${x.fn})`;
  return [
    `${name}: micro-F1 ${s.micro.f1.toFixed(2)} on ${SCORED_TYPES.join('/')}   ${s.tokens} tokens in ${s.seconds.toFixed(2)} s = ${s.tokensPerSecond.toLocaleString('en-US')} tokens/s`,
    ...Object.entries(s.types).map(([t, x]) => row(t, x)),
    row('micro', s.micro),
  ];
}

/** The confusion table: one row per gold type, where its chunks went. */
export function formatConfusion(s: NerScore): string[] {
  const cols = ['PER', 'LOC', 'ORG', 'MISC', 'boundary', 'missed'];
  const rows = ['PER', 'LOC', 'ORG', 'MISC'].filter((t) => s.confusion.gold[t]);
  const cell = (v: string | number): string => String(v).padStart(9);
  return [
    `  confusion (rows: gold type; columns: the predicted chunk with the same tokens, else boundary/missed)`,
    `  ${'gold'.padEnd(6)}${cols.map(cell).join('')}`,
    ...rows.map((t) => `  ${t.padEnd(6)}${cols.map((c) => cell(s.confusion.gold[t]![c] ?? 0)).join('')}`),
    `  ${'spurious'.padEnd(6)}${cols.slice(0, 4).map((c) => cell(s.confusion.spurious[c] ?? 0)).join('')}   (predicted chunks overlapping no gold chunk)`,
  ];
}

function formatCanon(c: CanonicalisationScore): string[] {
  const row = (n: string, p: CanonicalisationScore['endToEnd']): string =>
    `  ${n.padEnd(14)} pairwise P ${p.precision.toFixed(2).padStart(6)}  R ${p.recall.toFixed(2).padStart(6)}  F1 ${p.f1.toFixed(2).padStart(6)}   (gold pairs ${p.goldPairs}, system pairs ${p.systemPairs}, correct ${p.correctPairs})`;
  return [
    `canonicalisation: ${c.documents} documents, ${c.mentions} linked mentions, ${c.detected.toFixed(2)}% overlapped by a recognised mention`,
    row('end to end', c.endToEnd),
    row('gold mentions', c.goldMentions),
  ];
}

export function register(program: Command, ctx: CliContext): void {
  parentCommand(program, 'eval', 'Measure quality on labelled data sets')
    .command('ner')
    .description('Score the entity tagger: conlleval exact-span F1 on PER/LOC/ORG (MISC ignored), and canonicalisation on Reuters-128')
    .option('--conll <file>', 'IOB file to score the tagger on: CoNLL (TOKEN [POS CHUNK] TAG, IOB1 or IOB2) or Universal NER (INDEX TOKEN TAG MISC ANNOTATOR)')
    .option('--reuters <file>', 'Reuters-128 XML (N3 collection) to score within-document canonicalisation on')
    .option('--dataset <dir>', 'folder of pages (benchmark layout or .html/.txt files): type consistency of entities across its articles, through the parser and the entity stage')
    .option('--baseline <name>', 'also score a baseline on the same file in the same run (compromise)')
    .option('--model <file>', 'model file to evaluate instead of the shipped one')
    .option('--no-harmonise', 'turn off document-level label consistency')
    .option('--json', 'print one JSON object')
    .action((f: EvalNerFlags) => {
      if (!f.conll && !f.reuters && !f.dataset) throw new CliError('give --conll FILE, --reuters FILE and/or --dataset DIR');
      if (f.baseline && f.baseline !== 'compromise') throw new CliError(`--baseline: unknown baseline "${f.baseline}" (known: compromise)`);
      const base = modelFromFlag(f.model);
      const model = f.harmonise === false ? new NerModel(base.data, { harmonise: false }) : base;
      const out: Record<string, unknown> = {};
      const lines: string[] = [];
      if (f.conll) {
        const docs = readConll(readInput(f.conll, '--conll'));
        if (!docs.length) throw new CliError(`--conll: no sentences found in ${f.conll}`);
        const score = evaluateTagger(model.tagger, docs);
        out.conll = { file: f.conll, model: score };
        lines.push(...formatNerScore('model', score), ...formatConfusion(score));
        if (f.baseline) {
          const b = evaluateTagger(compromiseTagger(), docs);
          (out.conll as Record<string, unknown>).baseline = { name: f.baseline, ...b };
          lines.push('', ...formatNerScore(`baseline ${f.baseline}`, b));
        }
      }
      if (f.reuters) {
        const docs = readReuters128(readInput(f.reuters, '--reuters'));
        if (!docs.length) throw new CliError(`--reuters: no <Document> elements found in ${f.reuters}`);
        const c = evaluateCanonicalisation(docs, { tagger: model.tagger, aliases: model.aliases });
        out.canonicalisation = { file: f.reuters, ...c };
        if (lines.length) lines.push('');
        lines.push(...formatCanon(c));
      }
      if (f.dataset) {
        const { articles, rejected } = parseDatasetPages(f.dataset, '--dataset');
        const tagged = articles.filter((a) => hasEntityModel(a.article.language));
        // What the entity stage does with each article: the headline as title, the body, the language.
        const entities = tagged.map(({ article: a }) => extractEntities({ title: a.headline ?? a.title, body: a.body, ...(a.language ? { language: a.language } : {}) }, { tagger: model.tagger, aliases: model.aliases, countries: model.countries }));
        const c = typeConsistency(entities);
        out.consistency = { dataset: f.dataset, pages: articles.length + rejected, rejected, otherLanguage: articles.length - tagged.length, ...c };
        if (lines.length) lines.push('');
        lines.push(
          `type consistency: ${c.share.toFixed(2)}% of ${c.names} entities found in 2+ of ${c.articles} articles have one type in all of them (${articles.length - tagged.length} pages in other languages, ${rejected} rejected by the parser)`,
          ...c.flips.slice(0, 10).map((x) => `  ${x.name}: ${Object.entries(x.types).map(([t, n]) => `${t} in ${n}`).join(', ')}`),
        );
      }
      const prov = model.data.provenance;
      out.model = prov;
      if (f.json) {
        ctx.out(JSON.stringify(out, null, 2));
        return;
      }
      for (const l of lines) ctx.out(l);
      ctx.out('');
      ctx.out(`model ${f.model ?? 'shipped'}: ${prov.trainer}, ${prov.epochs} epochs, created ${prov.createdAt}`);
      for (const d of prov.data) ctx.out(`  trained on ${d.file} (${d.note}), sha256 ${d.sha256.slice(0, 16)}…`);
    });
}
