#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/. A clear message beats a stack trace when
// someone runs the bin before building.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, '..', 'dist', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write(
    'newsflow: the CLI is not built yet. Run `npm run build` in the repository root (or `npm test` / `npm run demo`, which build first).\n',
  );
  process.exit(1);
}
await import(pathToFileURL(entry).href);
