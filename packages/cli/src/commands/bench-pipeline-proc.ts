import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { basename } from 'node:path';

/** The machine a figure was measured on. */
export interface MachineInfo {
  /** `os.availableParallelism()`. */
  cores: number;
  cpuModel: string;
  totalMemoryBytes: number;
  node: string;
  /** Clock ticks per second of /proc CPU times (`getconf CLK_TCK`). */
  clockTicks: number;
}

export function machineInfo(): MachineInfo {
  return { cores: availableParallelism(), cpuModel: cpus()[0]?.model.trim() ?? 'unknown', totalMemoryBytes: totalmem(), node: process.version, clockTicks: clockTicks() };
}

/** The 1, 5 and 15 minute load averages, rounded to hundredths. */
export const loadAverage = (): number[] => loadavg().map((x) => Math.round(x * 100) / 100);

let ticks: number | undefined;

/** `getconf CLK_TCK`: the unit of utime and stime in /proc/<pid>/stat (100 where getconf is missing). */
export function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Direct children of `pid`: /proc/<pid>/task/<tid>/children, else a scan of every process's parent. */
export function childrenOf(pid: number): number[] {
  const tasks = `/proc/${pid}/task`;
  if (existsSync(`${tasks}/${pid}/children`)) {
    let tids: string[] = [];
    try {
      tids = readdirSync(tasks);
    } catch {
      return [];
    }
    return tids.flatMap((t) => (read(`${tasks}/${t}/children`) ?? '').split(/\s+/).filter(Boolean).map(Number));
  }
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const stat = read(`/proc/${d}/stat`);
    if (stat && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(d));
  }
  return out;
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const c of childrenOf(pid)) walk(c);
  };
  walk(root);
  return out;
}

/** A command line fit for a table: `newsflow worker parse` for the CLI, the program's name and arguments otherwise. */
export function commandLabel(argv: string[]): string {
  const [exe = '?', ...args] = argv;
  const cli = args.findIndex((a) => /[\\/]cli[\\/]dist[\\/]main\.js$|[\\/]bin[\\/]newsflow(\.js)?$/.test(a));
  const label = cli >= 0 ? ['newsflow', ...args.slice(cli + 1)].join(' ') : [basename(exe), ...args].join(' ');
  return label.length > 80 ? `${label.slice(0, 77)}...` : label;
}

/** What /proc says of one process now; null once it is gone. */
export interface ProcReading {
  pid: number;
  ppid: number;
  /** The command line; for a process that is exiting (empty cmdline), its name from stat in parentheses. */
  argv: string[];
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  /** VmHWM (peak resident set) and VmRSS, bytes. */
  peakRssBytes: number | null;
  rssBytes: number | null;
}

export function readProc(pid: number): ProcReading | null {
  const stat = read(`/proc/${pid}/stat`);
  const status = read(`/proc/${pid}/status`);
  if (!stat || !status) return null;
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const kb = (k: string) => {
    const m = new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) * 1024 : null;
  };
  const argv = (read(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean);
  if (!argv.length) argv.push(`(${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))})`);
  return { pid, ppid: Number(f[1]), argv, cpuTicks: Number(f[11]) + Number(f[12]), peakRssBytes: kb('VmHWM'), rssBytes: kb('VmRSS') };
}

/** One process's use over a measured window. */
export interface ProcessUse {
  pid: number;
  command: string;
  /** redis-server or a node process. */
  kind: 'redis' | 'node' | 'other';
  cpuMs: number;
  /** Highest VmHWM seen while sampling (bytes). */
  peakRssBytes: number | null;
}

/**
 * CPU time of whole process trees over a window: `start()` reads every process below the roots,
 * `sample()` (call it while the window runs) picks up processes started since (counted from zero)
 * and the peak RSS, `stop()` reads the end. A process that exits between samples keeps the CPU of
 * its last sample.
 */
export class TreeMeter {
  private readonly seen = new Map<number, { base: number; last: ProcReading }>();
  private started = false;

  constructor(private readonly roots: () => number[]) {}

  start(): void {
    this.seen.clear();
    this.started = false;
    this.sample();
    this.started = true;
  }

  sample(): void {
    for (const root of this.roots()) {
      for (const pid of processTree(root)) {
        const r = readProc(pid);
        if (!r) continue;
        const prev = this.seen.get(pid);
        // A process first seen after the window opened started inside it: all its CPU counts.
        if (!prev) this.seen.set(pid, { base: this.started ? 0 : r.cpuTicks, last: r });
        else prev.last = { ...r, peakRssBytes: Math.max(r.peakRssBytes ?? 0, prev.last.peakRssBytes ?? 0) || null };
      }
    }
  }

  /** The highest VmHWM seen of `pid` so far (sampling goes on after `stop()`). */
  peakRss(pid: number): number | null {
    return this.seen.get(pid)?.last.peakRssBytes ?? null;
  }

  stop(): ProcessUse[] {
    this.sample();
    const hz = clockTicks();
    // Redis's own forks (AOF rewrites: `redis-aof-rewrite …`) are Redis work: a process is redis when it or its parent is.
    const own = (r: ProcReading): ProcessUse['kind'] => (/redis/.test(r.argv[0] ?? '') ? 'redis' : /(^|\/)node(js)?$/.test(r.argv[0] ?? '') || /main\.js$/.test(r.argv[1] ?? '') ? 'node' : 'other');
    const kindOf = (r: ProcReading): ProcessUse['kind'] => {
      const k = own(r);
      const parent = this.seen.get(r.ppid)?.last;
      return k === 'other' && parent && own(parent) === 'redis' ? 'redis' : k;
    };
    return [...this.seen.entries()].map(([pid, { base, last }]) => ({
      pid,
      command: commandLabel(last.argv),
      kind: kindOf(last),
      cpuMs: ((last.cpuTicks - base) * 1000) / hz,
      peakRssBytes: last.peakRssBytes,
    }));
  }
}
