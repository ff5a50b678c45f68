import type { ParseJob } from '@newsflow/contracts';
import { coerceError, pageIdFor } from '@newsflow/core';
import { parsePage } from '../parse.js';
import { toBlocks } from '../blocks.js';
import { decodeBytes } from '../decode.js';
import { parseDocument } from '../html.js';
import { detectFormat, loadDataset, loadPredictions, type DatasetFormat, type EvalPage } from './datasets.js';
import { scorePages, type EvalReport, type Prediction } from './score.js';

export interface EvaluateOptions {
  dataset: string;
  /** @defaultValue detected from the files in `dataset` */
  format?: DatasetFormat;
  /** Score this file of another system's predictions instead of running newsflow. */
  predictions?: string;
  /** Only the first N pages (sorted by id). @defaultValue all */
  limit?: number;
  /** Score the text path: each page is submitted as the text a reader copies off it ({@link copiedText}). */
  asText?: boolean;
}

/**
 * The text a reader gets by selecting all of a page and copying it: every visible block (menus,
 * banners, footers included), one per line, no markup. Scripts, styles and form controls are not text.
 */
export function copiedText(p: EvalPage): string {
  const doc = parseDocument(decodeBytes(p.bytes).text);
  return doc.body ? toBlocks(doc.body).map((b) => b.text).join('\n') : '';
}

/** The parse job a scraper would submit for an evaluation page: raw bytes, so decoding is tested too. */
export function jobForPage(p: EvalPage): ParseJob {
  const b64 = Buffer.from(p.bytes).toString('base64');
  return {
    pageId: pageIdFor(p.url, p.id),
    receivedAt: '2020-01-01T00:00:00.000Z',
    fetchedAt: '2020-01-01T00:00:00.000Z',
    url: p.url,
    htmlBase64: b64,
    headers: {},
    metadata: {},
    trace: [],
  };
}

/** Run newsflow's parser on one evaluation page; a failure is an empty prediction with its reason. */
export function predictPage(p: EvalPage, opts: { asText?: boolean } = {}): Prediction {
  try {
    const { htmlBase64, ...rest } = jobForPage(p);
    const a = parsePage(opts.asText ? { ...rest, text: copiedText(p) } : { ...rest, htmlBase64 });
    return {
      body: a.body,
      title: a.title,
      ...(a.headline ? { headline: a.headline } : {}),
      authors: a.authors,
      ...(a.publishedAt ? { publishedAt: a.publishedAt } : {}),
      ...(a.description ? { description: a.description } : {}),
      ...(a.siteName ? { siteName: a.siteName } : {}),
      ...(a.language ? { language: a.language } : {}),
    };
  } catch (e) {
    const err = coerceError(e);
    return { body: '', error: `${err.code}: ${err.message}` };
  }
}

/** Evaluate newsflow (or a predictions file) on a dataset with the dataset's own metric. */
export function evaluateExtraction(opts: EvaluateOptions): EvalReport {
  const format = opts.format ?? detectFormat(opts.dataset);
  const pages = loadDataset(opts.dataset, format, opts.limit);
  const preds = new Map<string, Prediction>();
  if (opts.predictions) {
    for (const [id, body] of loadPredictions(opts.predictions)) preds.set(id, { body });
  } else {
    for (const p of pages) preds.set(p.id, predictPage(p, { asText: opts.asText ?? false }));
  }
  return scorePages(format, pages, preds);
}
