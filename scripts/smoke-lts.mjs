#!/usr/bin/env node
// Smoke test of the built CLI on other Node LTS lines (default: 22 and 24), beside the Node the
// test suite runs on. Each line's binary comes from the npm registry (`npx -p node@<major>`), with
// no other download. For each: `newsflow start` (private redis-server, JSONL sink, auth off on
// loopback), `newsflow ingest` of one page, the article in the JSONL file, and a clean SIGTERM stop.
//
// What it leaves out: the default SQLite sink. better-sqlite3 is a native addon built for the
// Node that ran `npm ci`; building it for another line needs that line's headers, which come from
// nodejs.org, not from the registry. Everything else (parse, entity, dedupe, BullMQ, the API, the
// stage child processes) runs on the line under test.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'packages/cli/dist/main.js');
const versions = process.argv.slice(2).length ? process.argv.slice(2) : ['22', '24'];
const say = (s) => process.stderr.write(`[smoke-lts] ${s}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function fail(msg) {
  process.stderr.write(`\n[smoke-lts] FAILED: ${msg}\n`);
  process.exit(1);
}

if (!existsSync(CLI)) fail(`${CLI} is missing: build first (npm run build)`);

/** The path of the node binary of `major` from the npm registry's `node` package. */
function nodeBinary(major) {
  const r = spawnSync('npx', ['-y', '-p', `node@${major}`, 'node', '-e', 'process.stdout.write(process.execPath + "\\n" + process.version)'], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) fail(`could not get node@${major} from the npm registry: ${(r.stderr || r.error?.message || '').trim().slice(-500)}`);
  const [path, version] = r.stdout.trim().split('\n');
  if (!path || !existsSync(path) || !version?.startsWith(`v${major}.`)) fail(`npx -p node@${major} gave ${r.stdout.trim()}`);
  return { path, version };
}

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour council approves ferry timetable | Smoke Herald</title>
<meta name="author" content="Ada Smoke"><meta property="article:published_time" content="2026-11-30T08:00:00Z"></head>
<body><header><nav><a href="/">Smoke Herald</a> <a href="/subscribe">Subscribe</a></nav></header>
<article><h1>Harbour council approves ferry timetable</h1>
<p>The harbour council of Porto Vello approved the new ferry timetable on Monday after a debate that ran for three hours, with eleven votes in favour and four against.</p>
<p>Councillor Maria Lindqvist said the timetable adds two early crossings for workers at the shipyard and keeps the late boat on Fridays, which residents had asked for in a petition.</p>
<p>The ferry operator Nordlys Lines said it would hire six more crew members before the timetable starts on the first of March.</p>
</article><aside>Support our journalism: donate today.</aside></body></html>`;

async function smoke(major) {
  const node = nodeBinary(major);
  const dir = mkdtempSync(join(tmpdir(), `nf-smoke-${major}-`));
  const home = join(dir, 'home');
  const jsonl = join(dir, 'articles.jsonl');
  const page = join(dir, 'ferry.html');
  writeFileSync(page, PAGE);
  const env = { ...process.env, NEWSFLOW_HOME: home, SINK: 'jsonl', JSONL_PATH: jsonl, NEWSFLOW_AUTH: 'none', HOST: '127.0.0.1', LOG_LEVEL: 'warn', SHUTDOWN_TIMEOUT_MS: '10000' };
  for (const k of ['REDIS_URL', 'REDIS_CLUSTER_NODES', 'NEWSFLOW_API_URL', 'NEWSFLOW_API_TOKEN']) delete env[k];
  const t0 = Date.now();
  const start = spawn(node.path, [CLI, 'start', '--port', '0'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  start.stdout.on('data', (d) => (out += d));
  start.stderr.on('data', (d) => (out += d));
  const exited = new Promise((r) => start.once('exit', (code, signal) => r({ code, signal })));
  try {
    const state = join(home, 'state.json');
    for (let waited = 0; !existsSync(state); waited += 200) {
      if (start.exitCode !== null) fail(`node ${node.version}: newsflow start exited with ${start.exitCode}:\n${out.slice(-2000)}`);
      if (waited > 120_000) fail(`node ${node.version}: newsflow start did not come up in 120 s:\n${out.slice(-2000)}`);
      await sleep(200);
    }
    const up = Date.now() - t0;
    const ingest = spawnSync(node.path, [CLI, 'ingest', page], { cwd: dir, env, encoding: 'utf8', timeout: 180_000 });
    if (ingest.status !== 0) fail(`node ${node.version}: newsflow ingest exited with ${ingest.status}:\n${ingest.stdout}${ingest.stderr}\n${out.slice(-2000)}`);
    const lines = existsSync(jsonl) ? readFileSync(jsonl, 'utf8').trim().split('\n').filter(Boolean) : [];
    if (lines.length !== 1) fail(`node ${node.version}: expected 1 stored article in ${jsonl}, found ${lines.length}`);
    const a = JSON.parse(lines[0]);
    const wrong = [
      a.title !== 'Harbour council approves ferry timetable' && `title ${JSON.stringify(a.title)}`,
      !a.body?.includes('Nordlys Lines said it would hire six more crew members') && 'body without its last paragraph',
      a.body?.includes('donate today') && 'body with the donation box',
      !a.entities?.some((e) => e.name === 'Maria Lindqvist' && e.type === 'PER') && 'no PER entity Maria Lindqvist',
      a.trace?.map((t) => t.stage).join(',') !== 'ingest,parse,entity,dedupe,sink' && `trace ${a.trace?.map((t) => t.stage).join(',')}`,
    ].filter(Boolean);
    if (wrong.length) fail(`node ${node.version}: the stored article is wrong: ${wrong.join('; ')}`);
    start.kill('SIGTERM');
    const timer = setTimeout(() => start.kill('SIGKILL'), 60_000);
    const end = await exited;
    clearTimeout(timer);
    if (end.code !== 0) fail(`node ${node.version}: newsflow start did not stop cleanly on SIGTERM (${end.code ?? end.signal}):\n${out.slice(-2000)}`);
    if (existsSync(state)) fail(`node ${node.version}: the run state was left behind after a clean stop`);
    say(`node ${node.version}: up in ${(up / 1000).toFixed(1)} s, 1 page ingested and stored (title, body, entities, five-stage trace checked), clean SIGTERM stop`);
  } finally {
    if (start.exitCode === null && start.signalCode === null) start.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const v of versions) {
  if (!/^\d+$/.test(v)) fail(`a Node major version is a number, got "${v}"`);
  await smoke(v);
}
