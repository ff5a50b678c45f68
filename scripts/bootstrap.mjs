#!/usr/bin/env node
// First-command bootstrap for a fresh clone: `npm run demo` and `npm test` both land here.
// It uses nothing but Node itself, checks what is missing (dependencies, build, redis-server, and
// for tests PostgreSQL, Chromium and docker-compose), installs what it can (npm ci; apt-get when
// running as root on Debian/Ubuntu) and otherwise says exactly what to install.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [mode = 'test', ...rest] = process.argv.slice(2);
const say = (s) => process.stderr.write(`[newsflow] ${s}\n`);

function fail(msg) {
  process.stderr.write(`\n[newsflow] ${msg}\n`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env, ...opts });
  if (r.error) fail(`could not run ${cmd}: ${r.error.message}`);
  return r.status ?? 1;
}

function which(name, extra = []) {
  for (const d of [...(process.env.PATH ?? '').split(delimiter), ...extra]) {
    if (d && existsSync(join(d, name))) return join(d, name);
  }
  return null;
}

function checkNode() {
  const [maj, min] = process.versions.node.split('.').map(Number);
  if (maj < 20 || (maj === 20 && min < 19)) {
    fail(`Node ${process.versions.node} is too old: newsflow needs Node >= 20.19 (20 LTS or 22). Install it from your package manager or with nvm: nvm install 22`);
  }
}

function ensureDeps() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && existsSync(lock) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  say('installing npm dependencies (npm ci; better-sqlite3 may compile from source, about 2 minutes)…');
  const args = existsSync(lock) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  if (run('npm', args) !== 0) {
    fail('npm install failed. better-sqlite3 builds from source when no prebuilt binary fits: it needs python3, make and a C++ compiler (Debian/Ubuntu: sudo apt-get install -y python3 make g++).');
  }
}

let aptUpdated = false;
function aptInstall(pkgs, why) {
  const canApt = process.platform === 'linux' && process.getuid?.() === 0 && which('apt-get');
  if (!canApt) return false;
  say(`installing ${pkgs.join(' ')} with apt-get (${why})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    run('apt-get', ['update', '-qq'], { env });
    aptUpdated = true;
  }
  return run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { env }) === 0;
}

const SBIN = ['/usr/sbin', '/usr/local/sbin', '/opt/homebrew/bin'];

function ensureRedis() {
  if (which('redis-server', SBIN)) return;
  if (aptInstall(['redis-server'], 'newsflow runs a private Redis when REDIS_URL is unset') && which('redis-server', SBIN)) return;
  fail(
    [
      'redis-server was not found. Install it, or point REDIS_URL at a Redis 6.2+ server:',
      '  Debian/Ubuntu:  sudo apt-get install -y redis-server',
      '  Fedora/RHEL:    sudo dnf install -y redis',
      '  macOS:          brew install redis',
      '  Docker:         docker compose up -d redis && export REDIS_URL=redis://127.0.0.1:6379',
    ].join('\n'),
  );
}

function pgBin() {
  if (which('pg_ctl')) return true;
  const base = '/usr/lib/postgresql';
  return existsSync(base) && readdirSync(base).some((v) => existsSync(join(base, v, 'bin', 'initdb')));
}

function ensureTestTools() {
  if (!pgBin() && !(aptInstall(['postgresql'], 'tests run against a real PostgreSQL') && pgBin())) {
    fail('PostgreSQL server binaries (initdb, pg_ctl) are needed by the tests. Debian/Ubuntu: sudo apt-get install -y postgresql   macOS: brew install postgresql@16');
  }
  if (!existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) {
    if (!(aptInstall(['chromium'], 'the dashboard is tested in a real browser') && existsSync('/usr/bin/chromium'))) {
      fail('Chromium is needed by the browser test. Debian/Ubuntu: sudo apt-get install -y chromium   (or set CHROMIUM_PATH to a Chromium/Chrome binary)');
    }
  }
  if (!which('docker-compose') && !(aptInstall(['docker-compose'], 'docker-compose.yml is validated with `docker-compose config -q`') && which('docker-compose'))) {
    fail('docker-compose is needed to validate docker-compose.yml. Debian/Ubuntu: sudo apt-get install -y --no-install-recommends docker-compose');
  }
}

function build() {
  say('building (tsc -b through turbo)…');
  const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' };
  if (run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], { env }) !== 0) fail('build failed (see the TypeScript errors above).');
}

checkNode();
ensureDeps();
if (mode === 'demo') {
  if (!process.env.REDIS_URL) ensureRedis();
  build();
  process.exit(run('node', ['packages/cli/dist/main.js', 'demo', ...rest]));
} else if (mode === 'test') {
  ensureRedis();
  ensureTestTools();
  build();
  process.exit(run('npx', ['vitest', 'run', ...rest]));
} else if (mode === 'faults') {
  // The fault suite runs the built CLI as real processes against real Redis (and PostgreSQL).
  ensureRedis();
  ensureTestTools();
  build();
  process.exit(run('node', ['packages/faults/dist/main.js', ...rest]));
} else if (mode === 'ensure') {
  ensureRedis();
  build();
} else {
  fail(`unknown mode ${mode}: use demo, test, faults or ensure`);
}
