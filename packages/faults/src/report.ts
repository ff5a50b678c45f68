/** One row of the store, reduced to what the accounting needs. */
export interface StoredRow {
  /** The page id the article came from (`doc.pageId`); null for a row no page of ours made. */
  pageId: string | null;
  articleId: string;
  /** Rows in `article_versions` for this article (1 for a page stored once). */
  versions: number;
}

export interface FailedEntry {
  stage: string;
  id: string;
  reason: string;
}

export interface Counts {
  pages: number;
  accepted: number;
  /** Accepted pages with at least one row. */
  stored: number;
  /** Accepted pages without a row that sit in a failed set (with a reason). */
  failed: number;
  /** Accepted pages neither stored nor failed. */
  lost: number;
  /** Rows and versions beyond one per accepted page. */
  duplicates: number;
  lostIds: string[];
  duplicateIds: string[];
  /** Reasons of the failed accepted pages, by page id. */
  failedReasons: Map<string, string>;
}

/**
 * The suite's verdict arithmetic: every accepted page must be stored exactly once or be visible in
 * a failed set. A page acknowledged twice (a retry after a lost answer) is one page.
 */
export function countOutcome(input: { pages: number; accepted: readonly string[]; rows: readonly StoredRow[]; failed: readonly FailedEntry[] }): Counts {
  const accepted = new Set(input.accepted);
  const rowsByPage = new Map<string, StoredRow[]>();
  for (const r of input.rows) {
    if (r.pageId === null || !accepted.has(r.pageId)) continue;
    const list = rowsByPage.get(r.pageId) ?? [];
    list.push(r);
    rowsByPage.set(r.pageId, list);
  }
  const failedReasons = new Map<string, string>();
  for (const f of input.failed) {
    if (accepted.has(f.id) && !rowsByPage.has(f.id) && !failedReasons.has(f.id)) failedReasons.set(f.id, `${f.stage}: ${f.reason}`);
  }
  let duplicates = 0;
  const duplicateIds: string[] = [];
  for (const [id, rows] of rowsByPage) {
    const extra = rows.length - 1 + rows.reduce((n, r) => n + Math.max(0, r.versions - 1), 0);
    if (extra > 0) {
      duplicates += extra;
      duplicateIds.push(id);
    }
  }
  const lostIds = [...accepted].filter((id) => !rowsByPage.has(id) && !failedReasons.has(id));
  return {
    pages: input.pages,
    accepted: accepted.size,
    stored: rowsByPage.size,
    failed: failedReasons.size,
    lost: lostIds.length,
    duplicates,
    lostIds,
    duplicateIds,
    failedReasons,
  };
}

/** What a scenario hands back to the runner. */
export interface ScenarioResult {
  name: string;
  /** Reported, but never fails the run (e.g. the harsh rollback, where loss is expected). */
  informational?: boolean;
  counts?: Counts;
  /** Seconds from the fault (its end, for faults that last) to the first completion after it. */
  firstS?: number;
  /** Seconds from the fault (its end) to the queues drained. */
  drainedS?: number;
  /** Checks beyond lost/duplicates that did not hold (each fails the scenario). */
  problems: string[];
  notes: string[];
  error?: string;
  dir: string;
  logs: string[];
  seconds: number;
}

export function passed(r: ScenarioResult): boolean {
  return !r.error && r.problems.length === 0 && r.counts !== undefined && r.counts.lost === 0 && r.counts.duplicates === 0;
}

const fmt = (n: number | undefined) => (n === undefined ? '-' : n.toFixed(1));

export function table(results: readonly ScenarioResult[]): string {
  const head = ['fault', 'pages', 'accepted', 'stored', 'failed', 'lost', 'duplicates', 'recovery s', 'result'];
  const rows = results.map((r) => {
    const c = r.counts;
    const verdict = passed(r) ? 'ok' : r.error ? 'ERROR' : 'FAIL';
    return [
      r.name,
      String(c?.pages ?? '-'),
      String(c?.accepted ?? '-'),
      String(c?.stored ?? '-'),
      String(c?.failed ?? '-'),
      String(c?.lost ?? '-'),
      String(c?.duplicates ?? '-'),
      `${fmt(r.firstS)} / ${fmt(r.drainedS)}`,
      r.informational ? `${verdict} (info)` : verdict,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

/** Details under the table: why each scenario failed, where its logs are, and the notes. */
export function details(results: readonly ScenarioResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    const lines: string[] = [];
    if (r.error) lines.push(`error: ${r.error}`);
    for (const p of r.problems) lines.push(`problem: ${p}`);
    if (r.counts?.lost) lines.push(`lost page ids: ${r.counts.lostIds.slice(0, 10).join(', ')}${r.counts.lost > 10 ? ', …' : ''}`);
    if (r.counts?.duplicates) lines.push(`duplicated page ids: ${r.counts.duplicateIds.slice(0, 10).join(', ')}`);
    for (const n of r.notes) lines.push(n);
    if (!passed(r)) lines.push(`logs: ${r.dir}/logs`, ...r.logs.map((l) => `  ${l}`));
    if (lines.length) out.push(`[${r.name}] (${r.seconds.toFixed(0)} s)\n  ${lines.join('\n  ')}`);
  }
  return out.join('\n');
}

export function toJson(results: readonly ScenarioResult[]): unknown {
  return results.map((r) => ({
    ...r,
    passed: passed(r),
    counts: r.counts && { ...r.counts, failedReasons: Object.fromEntries(r.counts.failedReasons) },
  }));
}
