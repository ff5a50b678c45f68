import type { ArticleSummary, ArticleVersion, StoredArticle } from './types.js';

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);
const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');

/** One listing line: id, date, site, version, title. */
export function formatSummaryLine(s: ArticleSummary): string {
  const flags = [s.version > 1 ? `v${s.version}` : '', s.duplicateOf ? `dup of ${s.duplicateOf}` : ''].filter(Boolean).join(', ');
  return `${s.id}  ${day(s.publishedAt ?? s.sortAt)}  ${clip(s.siteName ?? '—', 20).padEnd(20)}  ${clip(s.title, 90)}${flags ? `  (${flags})` : ''}`;
}

/** Human view of one stored article: metadata, entities, trace, then the body. */
export function formatStoredArticle(a: StoredArticle, versions?: ArticleVersion[]): string[] {
  const s = a.stored;
  const lines = [
    `id:        ${a.id}`,
    `title:     ${a.title}`,
    `url:       ${a.canonicalUrl}`,
    `authors:   ${a.authors.length ? a.authors.join(', ') : '(none)'}`,
    `published: ${a.publishedAt ?? '(unknown)'}${a.modifiedAt ? `  modified: ${a.modifiedAt}` : ''}`,
    `site:      ${a.siteName ?? '(unknown)'}    language: ${a.language ?? '(unknown)'}`,
    `version:   ${s.version}    cluster: ${a.dedupe.clusterId}${a.dedupe.duplicateOf ? `    duplicate of: ${a.dedupe.duplicateOf} (${a.dedupe.duplicateKind ?? '?'})` : ''}`,
    ...(a.dedupe.storyId ? [`story:     ${a.dedupe.storyId}${a.dedupe.storyLabel ? `  (${a.dedupe.storyLabel})` : ''}`] : []),
    `stored:    ${s.createdAt}  updated: ${s.updatedAt}`,
    `words:     ${a.wordCount} in ${a.paragraphs.length} paragraphs`,
  ];
  if (a.entities.length) {
    const top = [...a.entities].sort((x, y) => y.salience - x.salience).slice(0, 12);
    lines.push(`entities:  ${top.map((e) => `${e.name} [${e.type}]`).join(', ')}${a.entities.length > top.length ? `, … ${a.entities.length - top.length} more` : ''}`);
  }
  lines.push(`trace:     ${a.trace.map((t) => `${t.stage}@${t.version} ${Math.round(t.durationMs)}ms${t.attempts > 1 ? ` x${t.attempts}` : ''}`).join(' → ')}`);
  if (a.corrections.length) for (const c of a.corrections) lines.push(`[${c.kind}] ${c.text}`);
  if (versions) {
    lines.push('', 'versions:');
    for (const v of versions) {
      const ch = v.changes ? `  +${v.changes.paragraphsAdded}/-${v.changes.paragraphsRemoved} paragraphs${v.changes.titleChanged ? ', title changed' : ''}` : '';
      lines.push(`  v${v.version}  ${v.createdAt}  ${v.wordCount} words  ${clip(v.title, 70)}${ch}`);
    }
  }
  lines.push('', a.body);
  return lines;
}

/** Columns of `articles export --format csv`, in order. */
export const CSV_COLUMNS = [
  'id', 'canonical_url', 'title', 'authors', 'published_at', 'language', 'site', 'version', 'cluster_id', 'duplicate_of', 'word_count', 'entities', 'body',
] as const;

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
export function csvField(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(): string {
  return CSV_COLUMNS.join(',');
}

export function csvRow(a: StoredArticle): string {
  const s = a.stored;
  return [
    a.id, a.canonicalUrl, a.title, a.authors.join('; '), a.publishedAt ?? '', a.language ?? '', a.siteName ?? '', s.version,
    a.dedupe.clusterId, a.dedupe.duplicateOf ?? '', a.wordCount, a.entities.map((e) => e.name).join('; '), a.body,
  ].map(csvField).join(',');
}

/** One JSON line per article: the stored article with its store metadata. */
export function jsonlRow(a: StoredArticle): string {
  return JSON.stringify(a);
}
