#!/usr/bin/env node
// Used by the Dockerfile: copy what each workspace package ships at run time (its package.json and
// the entries of its "files" field, e.g. dist/ and static/) from <src> to <out>, so the runtime
// image carries no sources, tests or build tools. Packages decide what they need by their "files".
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [src = '.', out = '/out'] = process.argv.slice(2);
const skip = new Set(['testing']); // test helpers: never needed at run time
for (const name of readdirSync(join(src, 'packages'))) {
  const dir = join(src, 'packages', name);
  const manifest = join(dir, 'package.json');
  if (skip.has(name) || !existsSync(manifest)) continue;
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  const dest = join(out, 'packages', name);
  mkdirSync(dest, { recursive: true });
  cpSync(manifest, join(dest, 'package.json'));
  for (const entry of pkg.files ?? ['dist']) {
    const from = join(dir, entry);
    if (!existsSync(from)) throw new Error(`${name}: "${entry}" is listed in "files" but was not built`);
    cpSync(from, join(dest, entry), { recursive: true, filter: (p) => !/\.(tsbuildinfo|map)$/.test(p) && !/\.test\.(js|d\.ts)$/.test(p) });
  }
  process.stdout.write(`runtime files: packages/${name} (${['package.json', ...(pkg.files ?? ['dist'])].join(', ')})\n`);
}
