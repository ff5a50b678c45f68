import type { CliContext } from '../context.js';
import type { KeyFamilies } from './bench-soak-keys.js';

/** One look at the running pipeline during `bench soak`. */
export interface SoakSample {
  /** Seconds since submission began. */
  t: number;
  submitted: number;
  stored: number;
  failed: number;
  /** Jobs waiting, active or delayed over all stages. */
  inFlight: number;
  /** Bytes; null where /proc cannot be read. */
  startRss: number | null;
  /** The stage processes `newsflow start --workers` runs, summed (0 with none). */
  workersRss: number | null;
  redisRss: number | null;
  /** Redis `INFO memory` used_memory, bytes. */
  redisUsedMemory: number;
  queues: Record<string, { waiting: number; active: number; delayed: number; failed: number }>;
}

/** A quantity at the four moments the soak is judged on. */
export interface SoakFigure {
  start: number | null;
  warmup: number | null;
  peak: number | null;
  end: number | null;
  /** end / warm-up: 1.0 is flat; the acceptance is within 20 % (≤ 1.2). */
  endToWarmup: number | null;
  /**
   * Median of the last third of the samples after warm-up ÷ median of the first third: one sample
   * of a garbage-collected heap swings by a quarter, the medians do not.
   */
  trend: number | null;
}

export interface SoakReport {
  pages: number;
  stored: number;
  failed: number;
  complete: boolean;
  dataset: string | null;
  rate: number | null;
  /** The backlog (pages waiting in ingest + parse) at which the API answers 429. */
  maxWaiting: number;
  sampleMs: number;
  seconds: number;
  articlesPerSecond: number;
  /** Requests answered 429 (backpressure) and retried. */
  throttled: number;
  /** Pages the API accepted, and those it answered as duplicates of a page it already had. */
  accepted: number;
  duplicates: number;
  /** Seconds into the run of the warm-up sample: the first with `warmupStored` pages stored. */
  warmupAt: number | null;
  /**
   * Pages stored at warm-up: 10 % of the run, and no fewer than fill the count bounds (the larger of
   * `dedupeMaxEntries` and `storyMaxArticles`, plus the completed jobs each queue keeps, `retention`).
   */
  warmupStored: number;
  /** The bounds are full by warm-up (false: they were larger than half the run, so warm-up is at half). */
  boundsFull: boolean;
  dedupeMaxEntries: number;
  /** The story index's entry bound (DEDUPE_STORY_MAX_ARTICLES) in the run. */
  storyMaxArticles: number;
  retention: number;
  pids: { start: number | null; redis: number | null };
  startRss: SoakFigure;
  workersRss: SoakFigure;
  redisRss: SoakFigure;
  redisUsedMemory: SoakFigure;
  /** (used_memory at the end − at the start) / articles stored. */
  redisBytesPerArticle: number | null;
  /**
   * Redis memory by key family (MEMORY USAGE over every key) at warm-up and at the end, with each
   * family's bytes per stored article at the end: queue state is what retention keeps flat; the
   * dedupe index and the page ledger grow until their time windows are full.
   */
  families: { warmup: KeyFamilies | null; end: KeyFamilies | null };
  /** Up to ten failed jobs, newest first: the pipeline is gone after the soak, so they are kept here. */
  failures: Array<{ stage: string; url: string | null; reason: string }>;
  samples: SoakSample[];
}

function figure(samples: SoakSample[], warmIndex: number | null, pick: (s: SoakSample) => number | null): SoakFigure {
  const at = (i: number | null) => (i === null || !samples[i] ? null : pick(samples[i]!));
  const known = samples.map(pick).filter((v): v is number => v !== null && Number.isFinite(v));
  const warmup = at(warmIndex);
  const end = at(samples.length - 1);
  return {
    start: at(0),
    warmup,
    peak: known.length ? Math.max(...known) : null,
    end,
    endToWarmup: warmup && end !== null ? Math.round((end / warmup) * 1000) / 1000 : null,
    trend: trendOf(samples.slice(warmIndex ?? samples.length).map(pick)),
  };
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function trendOf(values: Array<number | null>): number | null {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (xs.length < 6) return null;
  const third = Math.floor(xs.length / 3);
  const early = median(xs.slice(0, third));
  const late = median(xs.slice(-third));
  return early && late !== null ? Math.round((late / early) * 1000) / 1000 : null;
}

export function soakReport(o: {
  pages: number;
  rate: number | null;
  maxWaiting: number;
  dataset: string | null;
  sampleMs: number;
  dedupeMaxEntries: number;
  storyMaxArticles: number;
  warmupStored: number;
  boundsFull: boolean;
  retention: number;
  throttled: number;
  accepted: number;
  duplicates: number;
  complete: boolean;
  warmIndex: number | null;
  samples: SoakSample[];
  pids: SoakReport['pids'];
  failures: SoakReport['failures'];
  families?: SoakReport['families'];
}): SoakReport {
  const first = o.samples[0]!;
  const last = o.samples.at(-1)!;
  const seconds = last.t;
  const memory = figure(o.samples, o.warmIndex, (s) => s.redisUsedMemory);
  return {
    pages: o.pages,
    stored: last.stored,
    failed: last.failed,
    complete: o.complete,
    dataset: o.dataset,
    rate: o.rate,
    maxWaiting: o.maxWaiting,
    sampleMs: o.sampleMs,
    seconds,
    articlesPerSecond: seconds > 0 ? Math.round((last.stored / seconds) * 10) / 10 : 0,
    throttled: o.throttled,
    accepted: o.accepted,
    duplicates: o.duplicates,
    warmupAt: o.warmIndex === null ? null : (o.samples[o.warmIndex]?.t ?? null),
    warmupStored: o.warmupStored,
    boundsFull: o.boundsFull,
    dedupeMaxEntries: o.dedupeMaxEntries,
    storyMaxArticles: o.storyMaxArticles,
    retention: o.retention,
    pids: o.pids,
    startRss: figure(o.samples, o.warmIndex, (s) => s.startRss),
    workersRss: figure(o.samples, o.warmIndex, (s) => s.workersRss),
    redisRss: figure(o.samples, o.warmIndex, (s) => s.redisRss),
    redisUsedMemory: memory,
    redisBytesPerArticle: last.stored > 0 ? Math.round((last.redisUsedMemory - first.redisUsedMemory) / last.stored) : null,
    families: o.families ?? { warmup: null, end: null },
    failures: o.failures,
    samples: o.samples,
  };
}

const mb = (v: number | null) => (v === null ? 'n/a' : `${(v / 1048576).toFixed(1)} MB`);

function verdict(r: number | null): string {
  if (r === null) return '';
  return r <= 1.2 && r >= 0.8 ? 'flat within 20 %' : `${r > 1 ? 'grew' : 'shrank'} ${Math.abs(Math.round((r - 1) * 100))} %`;
}

export function printSoak(ctx: CliContext, r: SoakReport): void {
  const source = r.dataset ? `pages of ${r.dataset}` : 'synthetic pages';
  ctx.out(`soak: ${r.pages} distinct ${source}, ${r.rate ? `${r.rate} pages/s` : `as fast as backpressure allows (429 above ${r.maxWaiting} waiting)`}; sampled every ${r.sampleMs / 1000} s`);
  ctx.out(`  stored ${r.stored} of ${r.pages} (failed ${r.failed}) in ${r.seconds} s: ${r.articlesPerSecond} articles/s; ${r.throttled} request(s) answered 429`);
  const merged = r.accepted - r.stored - r.failed;
  if (r.duplicates || merged > 0) ctx.out(`  the API took ${r.duplicates} page(s) as duplicates; ${Math.max(0, merged)} accepted page(s) became a version of (or matched) an article already stored`);
  ctx.out(
    `  warm-up sample at ${r.warmupAt ?? '-'} s, the first with ${r.warmupStored} stored: 10 % of the pages, and the count bounds full (dedupe index ${r.dedupeMaxEntries} entries, story index ${r.storyMaxArticles}, ${r.retention} completed jobs per queue)`,
  );
  if (!r.boundsFull) ctx.out(`  (the count bounds exceed half the run: warm-up at half, and memory still filling them shows as growth; pass a smaller --dedupe-max-entries or more --pages)`);
  ctx.out(`  ${''.padEnd(30)}${['start', 'warm-up', 'peak', 'end'].map((h) => h.padStart(11)).join('')}  end/warm-up   late/early median`);
  const row = (label: string, f: SoakFigure) =>
    ctx.out(
      `  ${label.padEnd(30)}${[f.start, f.warmup, f.peak, f.end].map((v) => mb(v).padStart(11)).join('')}  ${String(f.endToWarmup ?? 'n/a').padStart(6)} ${verdict(f.endToWarmup).padEnd(17)} ${String(f.trend ?? 'n/a').padStart(6)} ${verdict(f.trend)}`,
    );
  row(`newsflow start RSS (pid ${r.pids.start ?? '?'})`, r.startRss);
  if (r.workersRss.end) row('stage processes RSS, summed', r.workersRss);
  row(`redis-server RSS (pid ${r.pids.redis ?? '?'})`, r.redisRss);
  row('Redis used_memory', r.redisUsedMemory);
  ctx.out(`  Redis retains ${r.redisBytesPerArticle ?? 'n/a'} bytes per stored article ((used_memory end - start) / stored)`);
  const { warmup: w, end: e } = r.families;
  if (w && e) {
    ctx.out(`  Redis memory by key family (MEMORY USAGE)   warm-up        end  end/warm-up   bytes/article at the end`);
    for (const [label, k] of [['queue state (retention-bounded)', 'queues'], ['dedupe + story index (window, count bounds)', 'dedupe'], ['page ledger (7 days)', 'ledger'], ['page bodies (until parsed)', 'bodies'], ['other', 'other']] as const) {
      const ratio = w[k].bytes > 0 ? Math.round((e[k].bytes / w[k].bytes) * 1000) / 1000 : null;
      const per = r.stored > 0 ? Math.round(e[k].bytes / r.stored) : 0;
      ctx.out(`  ${label.padEnd(40)}${mb(w[k].bytes).padStart(11)}${mb(e[k].bytes).padStart(11)}  ${String(ratio ?? 'n/a').padStart(6)} ${verdict(ratio).padEnd(18)} ${per} (${e[k].keys} keys)`);
      if (k !== 'dedupe') continue;
      for (const part of [...new Set([...Object.keys(w.dedupeParts), ...Object.keys(e.dedupeParts)])].sort()) {
        const [pw, pe] = [w.dedupeParts[part] ?? { keys: 0, bytes: 0 }, e.dedupeParts[part] ?? { keys: 0, bytes: 0 }];
        const pr = pw.bytes > 0 ? Math.round((pe.bytes / pw.bytes) * 1000) / 1000 : null;
        ctx.out(`    ${part.padEnd(38)}${mb(pw.bytes).padStart(11)}${mb(pe.bytes).padStart(11)}  ${String(pr ?? 'n/a').padStart(6)} ${verdict(pr).padEnd(18)} ${pw.keys} → ${pe.keys} keys`);
      }
    }
  }
  for (const x of r.failures) ctx.out(`  failed in ${x.stage}: ${x.url ?? '?'}: ${x.reason.slice(0, 200)}`);
  ctx.out('  timeline:      t  submitted     stored  in flight   start RSS   redis RSS  used_memory');
  // A screenful: every k-th sample, always the last.
  const k = Math.max(1, Math.ceil(r.samples.length / 30));
  r.samples.forEach((s, i) => {
    if (i % k !== 0 && i !== r.samples.length - 1) return;
    ctx.out(`  ${`${s.t.toFixed(1)} s`.padStart(14)}${String(s.submitted).padStart(11)}${String(s.stored).padStart(11)}${String(s.inFlight).padStart(11)}${mb(s.startRss).padStart(12)}${mb(s.redisRss).padStart(12)}${mb(s.redisUsedMemory).padStart(13)}`);
  });
}
