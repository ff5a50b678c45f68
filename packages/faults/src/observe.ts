import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { STAGES, type StageName } from '@newsflow/contracts';
import { DEFAULT_PREFIX } from '@newsflow/core';
import { sleep } from './env.js';

const PREFIX = DEFAULT_PREFIX;
/** States in which a job is still on its way (not completed, not failed). */
const PENDING = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

export interface FailedJob {
  stage: StageName;
  id: string;
  reason: string;
  attemptsMade: number;
}

/**
 * Reads the pipeline's queues from outside, as an operator would: counts, the failed set, and when
 * jobs finished. Its connection retries forever, so it rides through a Redis outage.
 */
export class Monitor {
  private readonly conn: Redis;
  readonly queues: Record<StageName, Queue>;

  constructor(readonly redisUrl: string) {
    this.conn = new Redis(redisUrl, { maxRetriesPerRequest: null, retryStrategy: () => 200, lazyConnect: false });
    this.conn.on('error', () => undefined);
    this.queues = {} as Record<StageName, Queue>;
    for (const s of STAGES) {
      const q = new Queue(s, { connection: this.conn, prefix: PREFIX });
      q.on('error', () => undefined);
      this.queues[s] = q;
    }
  }

  /** Jobs still on their way, per stage; null while Redis does not answer in time. */
  async pending(timeoutMs = 3_000): Promise<Record<StageName, number> | null> {
    const read = Promise.all(STAGES.map((s) => this.queues[s].getJobCounts(...PENDING)));
    const timeout = sleep(timeoutMs).then(() => null);
    const counts = await Promise.race([read.catch(() => null), timeout]);
    if (!counts) return null;
    const out = {} as Record<StageName, number>;
    STAGES.forEach((s, i) => (out[s] = Object.values(counts[i]!).reduce((a, b) => a + b, 0)));
    return out;
  }

  /**
   * Resolve with the time the queues were first seen empty, once they stayed empty for `stableMs`.
   * Throws on the deadline with the last counts. `check` runs each round and returns true when a
   * pipeline process has died.
   */
  async waitDrained(o: { timeoutMs: number; stableMs?: number; check?: () => boolean }): Promise<number> {
    const stable = o.stableMs ?? 4_000;
    let deadline = Date.now() + o.timeoutMs;
    let since: number | null = null;
    let last: Record<StageName, number> | null = null;
    for (;;) {
      // Once a process of the pipeline died nothing restarts it: give the rest 30 s, not minutes.
      if (o.check?.()) deadline = Math.min(deadline, Date.now() + 30_000);
      const p = await this.pending();
      if (p) last = p;
      const empty = p !== null && Object.values(p).every((n) => n === 0);
      if (!empty) since = null;
      else if (since === null) since = Date.now();
      else if (Date.now() - since >= stable) return since;
      if (Date.now() > deadline) throw new Error(`queues not drained within ${Math.round(o.timeoutMs / 1000)} s; still pending: ${JSON.stringify(last)}`);
      await sleep(500);
    }
  }

  /** Resolve once the sink has stored a page: every stage is up and the pipeline flows end to end. */
  async waitFlowing(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.conn.zcard(`${PREFIX}:sink:completed`).catch(() => 0)) === 0) {
      if (Date.now() > deadline) throw new Error(`no page reached the store within ${timeoutMs / 1000} s of the start`);
      await sleep(100);
    }
  }

  /** Wait until `stage` has an active job (so a kill interrupts real work); returns their ids. */
  async activeIds(stage: StageName, timeoutMs = 60_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const jobs = await this.queues[stage].getActive().catch(() => []);
      const ids = jobs.map((j) => j?.id).filter((x): x is string => Boolean(x));
      if (ids.length || Date.now() > deadline) return ids;
      await sleep(20);
    }
  }

  /** Every job in the failed set of any stage, with its reason. */
  async failed(): Promise<FailedJob[]> {
    const out: FailedJob[] = [];
    for (const s of STAGES) {
      for (const j of await this.queues[s].getFailed(0, -1)) {
        if (j?.id) out.push({ stage: s, id: j.id, reason: j.failedReason ?? '', attemptsMade: j.attemptsMade });
      }
    }
    return out;
  }

  /** When each of these jobs of `stage` finished (completed or failed); undefined when it has not. */
  async finishedOn(stage: StageName, ids: string[]): Promise<Array<number | undefined>> {
    const q = this.queues[stage];
    return Promise.all(ids.map(async (id) => (await q.getJob(id))?.finishedOn ?? undefined));
  }

  /** The first completion in any of `stages` at or after `t` (ms epoch), from the completed sets' scores. */
  async firstCompletionAfter(t: number, stages: readonly StageName[] = STAGES): Promise<number | undefined> {
    let best: number | undefined;
    for (const s of stages) {
      const r = await this.conn.zrangebyscore(`${PREFIX}:${s}:completed`, t, '+inf', 'WITHSCORES', 'LIMIT', 0, 1);
      if (r.length === 2) best = Math.min(best ?? Infinity, Number(r[1]));
    }
    return best;
  }

  /** Where a page id currently is, for the report of a lost page: `parse:active`, or `nowhere`. */
  async whereIs(id: string): Promise<string> {
    const found: string[] = [];
    for (const s of STAGES) {
      const state = await this.queues[s].getJobState(id).catch(() => 'error');
      if (state !== 'unknown') found.push(`${s}:${state}`);
    }
    return found.length ? found.join(',') : 'nowhere';
  }

  redis(): Redis {
    return this.conn;
  }

  async close(): Promise<void> {
    // A Redis that died with the pipeline would hold the queues' close forever.
    await Promise.race([Promise.all(STAGES.map((s) => this.queues[s].close().catch(() => undefined))), sleep(5_000)]);
    this.conn.disconnect();
  }
}
