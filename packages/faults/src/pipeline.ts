import { randomBytes } from 'node:crypto';
import { STAGES, type StageName } from '@newsflow/contracts';
import { freePort, type RedisServerHandle } from '@newsflow/core';
import { waitForState, type Child, type Env } from './env.js';

/** Where the pipeline under test answers. */
export interface Api {
  url: string;
  token: string;
}

/**
 * The pipeline as separate processes against the scenario's Redis: `newsflow start --stages none`
 * for the HTTP API only, and one `newsflow worker <stage>` per stage.
 */
export class StagePipeline {
  readonly workers = new Map<StageName, Child>();
  api!: Child;
  readonly token = randomBytes(18).toString('base64url');
  apiUrl = '';

  constructor(
    readonly env: Env,
    public redis: RedisServerHandle,
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  processEnv(): NodeJS.ProcessEnv {
    return this.env.cliEnv({ REDIS_URL: this.redis.url, NEWSFLOW_API_TOKEN: this.token, ...this.extraEnv });
  }

  async start(): Promise<Api> {
    const port = await freePort();
    this.api = this.env.cli('api', ['start', '--stages', 'none', '--port', String(port)], this.processEnv());
    for (const s of STAGES) this.startWorker(s);
    const state = await waitForState(this.env, this.api);
    this.apiUrl = state.apiUrl;
    return { url: state.apiUrl, token: this.token };
  }

  startWorker(stage: StageName): Child {
    const c = this.env.cli(`worker-${stage}`, ['worker', stage], this.processEnv());
    this.workers.set(stage, c);
    return c;
  }

  /** Exited workers (a worker that dies on a fault is a finding: nothing restarts it in this suite). */
  dead(): string[] {
    const out = [...this.workers.entries()].filter(([, c]) => !c.alive()).map(([s, c]) => `worker ${s} exited (${c.child.exitCode ?? c.child.signalCode}) — ${c.log}`);
    if (this.api && !this.api.alive()) out.push(`api exited (${this.api.child.exitCode ?? this.api.child.signalCode}) — ${this.api.log}`);
    return out;
  }
}

/** `newsflow start` with its embedded Redis, on a fixed port and token so clients survive a restart. */
export class EmbeddedPipeline {
  proc!: Child;
  readonly token = randomBytes(18).toString('base64url');
  port = 0;
  redisUrl = '';
  apiUrl = '';
  private n = 0;

  constructor(
    readonly env: Env,
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  processEnv(): NodeJS.ProcessEnv {
    return this.env.cliEnv({ NEWSFLOW_API_TOKEN: this.token, ...this.extraEnv });
  }

  async start(): Promise<Api> {
    this.port ||= await freePort();
    this.proc = this.env.cli(`start-${++this.n}`, ['start', '--port', String(this.port)], this.processEnv());
    const s = await waitForState(this.env, this.proc);
    this.redisUrl = s.redisUrl;
    this.apiUrl = s.apiUrl;
    return { url: s.apiUrl, token: this.token };
  }

  dead(): string[] {
    return this.proc && !this.proc.alive() ? [`newsflow start exited (${this.proc.child.exitCode ?? this.proc.child.signalCode}) — ${this.proc.log}`] : [];
  }
}
