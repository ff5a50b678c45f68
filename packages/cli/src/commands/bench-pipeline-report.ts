import { STAGES } from '@newsflow/contracts';
import { terminalCell, type CliContext } from '../context.js';
import type { CeilingReport } from './bench-pipeline-ceiling.js';
import type { ModeReport } from './bench-pipeline-modes.js';
import type { PageSet } from './bench-pipeline-pages.js';
import type { MachineInfo } from './bench-pipeline-proc.js';
import type { StagesAlone } from './bench-pipeline-stages.js';

/** A mode's figures with what they are compared against. */
export interface ModeFigures extends ModeReport {
  /**
   * CPU outside the stage functions ÷ all CPU, per article: (mode CPU − Σ stage-function CPU) ÷
   * mode CPU. `withRedis` counts every process (redis-server too) against the stage functions
   * including the dedupe script's Redis time; `withoutRedis` the node processes against the
   * stage functions' node CPU.
   */
  overheadShare: { withRedis: number; withoutRedis: number };
  /** Full-speed articles/s ÷ the parser's single-core pages/s, ÷ the stage-bound limit, ÷ the ceiling's articles/s. */
  ratios: { toParserSingleCore: number; toStageBound: number; toCeiling: number };
}

/** What `newsflow bench pipeline --json` prints (documented in docs/performance.md). */
export interface PipelineBenchReport {
  schema: 'newsflow.bench.pipeline/1';
  dataset: { dir: string; format: PageSet['format']; distinct: number; dropped: PageSet['dropped'] };
  pages: number;
  loads: number[];
  loadSeconds: number;
  machine: MachineInfo & { loadAverageBefore: number[]; loadAverageAfter: number[] };
  stages: StagesAlone;
  /** cores × 1000 ÷ Σ stage-function CPU ms per article (node + redis). */
  stageBoundArticlesPerSecond: number;
  ceiling: CeilingReport;
  modes: ModeFigures[];
  /** The temporary directory, when --keep left it. */
  kept?: string;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : 0);

export function pipelineReport(o: Omit<PipelineBenchReport, 'schema' | 'stageBoundArticlesPerSecond' | 'modes'> & { modes: ModeReport[] }): PipelineBenchReport {
  const stageCpu = o.stages.cpuMsPerArticle;
  const stageBound = stageCpu.total > 0 ? Math.round(((o.machine.cores * 1000) / stageCpu.total) * 10) / 10 : 0;
  const modes = o.modes.map((m): ModeFigures => {
    const rate = m.fullSpeed.articlesPerSecond;
    const share = (all: number, inside: number) => (all > 0 ? Math.round(((all - inside) / all) * 1000) / 1000 : 0);
    return {
      ...m,
      overheadShare: { withRedis: share(m.cpuMsPerArticle.total, stageCpu.total), withoutRedis: share(m.cpuMsPerArticle.node, stageCpu.node) },
      ratios: { toParserSingleCore: ratio(rate, o.stages.parserPagesPerSecond), toStageBound: ratio(rate, stageBound), toCeiling: ratio(rate, o.ceiling.articlesPerSecond) },
    };
  });
  return { schema: 'newsflow.bench.pipeline/1', ...o, stageBoundArticlesPerSecond: stageBound, modes };
}

const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const la = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' ');

export function printPipeline(ctx: CliContext, r: PipelineBenchReport): void {
  const m = r.machine;
  ctx.out(`bench pipeline: ${r.pages} pages from ${terminalCell(r.dataset.dir)} (${r.dataset.format}, ${r.dataset.distinct} distinct; each copy its own URL, canonical link and paragraph)`);
  for (const d of r.dataset.dropped) ctx.out(`  left out ${terminalCell(d.name)}: ${terminalCell(d.reason).slice(0, 160)}`);
  ctx.out(`machine: ${m.cores} cores (${terminalCell(m.cpuModel)}), ${mb(m.totalMemoryBytes)}, node ${m.node}; load average ${la(m.loadAverageBefore)} before, ${la(m.loadAverageAfter)} after`);
  ctx.out('');
  const s = r.stages;
  ctx.out(`stage functions alone: serial, in one process, over the same ${s.pages} pages`);
  ctx.out(`  ${'stage'.padEnd(8)}${'function'.padEnd(42)}${'cpu ms/article'.padStart(15)}${'redis ms'.padStart(10)}${'per s, 1 core'.padStart(15)}`);
  for (const st of STAGES) {
    const f = s.stages[st];
    ctx.out(`  ${st.padEnd(8)}${f.fn.padEnd(42)}${ms(f.cpuMsPerArticle).padStart(15)}${(f.redisCpuMsPerArticle ? ms(f.redisCpuMsPerArticle) : '').padStart(10)}${f.perSecond.toFixed(1).padStart(15)}`);
  }
  ctx.out(`  ${'sum'.padEnd(50)}${ms(s.cpuMsPerArticle.node).padStart(15)}${ms(s.cpuMsPerArticle.redis).padStart(10)}   → stage-bound limit ${r.stageBoundArticlesPerSecond} articles/s on ${m.cores} cores`);
  ctx.out(`  parser alone: ${s.parserPagesPerSecond} pages/s on one core; own paragraph kept in ${s.uniqueParagraphKept} of ${s.pages} bodies; dedupe: ${s.verdicts.canonical} canonical, ${s.verdicts.near} near, ${s.verdicts.exact} exact duplicates`);
  ctx.out(`  payload bytes per queue: ${STAGES.map((st) => `${st} ${s.payloadBytes[st]}`).join(', ')}; page body ${s.bodyBytes} (a key of its own, read once by parse)`);
  const c = r.ceiling;
  ctx.out(`ceiling: plain BullMQ, five no-op hops with those payloads: ${c.articlesPerSecond} articles/s; cpu ms/article node ${ms(c.cpuMsPerArticle.node)} + redis ${ms(c.cpuMsPerArticle.redis)} = ${ms(c.cpuMsPerArticle.total)}`);
  ctx.out('');
  ctx.out(`${'mode'.padEnd(44)}${'art/s'.padStart(8)}${'cpu ms/art node+redis'.padStart(24)}${'overhead'.padStart(16)}${'÷parser'.padStart(9)}${'÷bound'.padStart(8)}${'÷ceiling'.padStart(10)}`);
  for (const mo of r.modes) {
    const cpu = `${ms(mo.cpuMsPerArticle.node)}+${ms(mo.cpuMsPerArticle.redis)}=${ms(mo.cpuMsPerArticle.total)}`;
    const share = `${mo.overheadShare.withRedis.toFixed(2)} (${mo.overheadShare.withoutRedis.toFixed(2)})`;
    ctx.out(`${terminalCell(mo.description).slice(0, 43).padEnd(44)}${mo.fullSpeed.articlesPerSecond.toFixed(1).padStart(8)}${cpu.padStart(24)}${share.padStart(16)}${mo.ratios.toParserSingleCore.toFixed(2).padStart(9)}${mo.ratios.toStageBound.toFixed(2).padStart(8)}${mo.ratios.toCeiling.toFixed(3).padStart(10)}`);
  }
  ctx.out('  overhead = CPU outside the stage functions ÷ all CPU, with redis-server (without it in parentheses)');
  for (const mo of r.modes) {
    ctx.out('');
    ctx.out(`${terminalCell(mo.description)}  (load average ${la(mo.loadAverage.before)} → ${la(mo.loadAverage.after)})`);
    ctx.out(`  ${'phase'.padEnd(12)}${'offered/s'.padStart(10)}${'stored'.padStart(8)}${'failed'.padStart(8)}${'art/s'.padStart(8)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}${'accept p99'.padStart(12)}`);
    for (const p of [mo.fullSpeed, ...mo.loads]) {
      const l = p.latencyMs;
      ctx.out(`  ${(p.offered === null ? 'full speed' : `load ${p.offered}/s`).padEnd(12)}${(p.offered === null ? '-' : String(p.offered)).padStart(10)}${`${p.stored}/${p.submitted}`.padStart(8)}${String(p.failed).padStart(8)}${p.articlesPerSecond.toFixed(1).padStart(8)}${(l ? String(l.p50) : '-').padStart(9)}${(l ? String(l.p99) : '-').padStart(9)}${(l ? String(l.max) : '-').padStart(9)}${(p.acceptLagP99Ms === null ? '-' : String(p.acceptLagP99Ms)).padStart(12)}`);
    }
    ctx.out(`  ${'process'.padEnd(52)}${'cpu ms/article'.padStart(15)}${'peak RSS'.padStart(11)}`);
    for (const p of mo.processes) ctx.out(`  ${`${p.pid} ${terminalCell(p.command)}`.slice(0, 51).padEnd(52)}${ms(p.cpuMsPerArticle).padStart(15)}${(p.peakRssBytes === null ? 'n/a' : mb(p.peakRssBytes)).padStart(11)}`);
    ctx.out(`  load generator (this process, not counted): ${ms(mo.loadGeneratorCpuMsPerArticle)} cpu ms/article`);
    const x = mo.redis;
    ctx.out(`  Redis used_memory: ${mb(x.usedMemoryBefore)} before, peak ${mb(x.usedMemoryPeakSampled)} sampled / ${mb(x.usedMemoryPeak)} used_memory_peak, ${mb(x.usedMemoryAfter)} after drain: ${x.bytesPerArticleRetained} bytes/article retained`);
    ctx.out(`    by key family, bytes/article: ${Object.entries(x.familyBytesPerArticle).map(([k, v]) => `${k} ${v} (${x.families[k as keyof typeof x.families].keys} keys)`).join(', ')}`);
    for (const f of mo.failures) ctx.out(`  failed in ${f.stage}: ${terminalCell(f.url ?? '?')}: ${terminalCell(f.reason).slice(0, 200)}`);
  }
  if (r.kept) ctx.out(`kept ${terminalCell(r.kept)}`);
}
