// Only for running the store from its TypeScript sources, as vitest does: Node cannot start a
// thread from .ts, so thread.ts and what it imports are bundled, once per process, by rolldown
// (the bundler vite itself uses: a dev dependency) into one .mjs file in the temp dir, named by
// its content. Tests thus run the thread's current code. The built package starts
// dist/sqlite/thread.js and never loads this file.
import { createHash } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let built;

/** The URL of the bundled thread entry. */
export function threadBundle() {
  built ??= bundle().catch((err) => {
    built = undefined;
    throw err;
  });
  return built;
}

async function bundle() {
  const { rolldown } = await import('rolldown');
  const input = fileURLToPath(new URL('./thread.ts', import.meta.url));
  const b = await rolldown({ input, external: [/^node:/, 'better-sqlite3'], platform: 'node', logLevel: 'silent' });
  try {
    // better-sqlite3 by absolute URL: the bundle lives outside the repository's node_modules.
    const sqlite = pathToFileURL(createRequire(import.meta.url).resolve('better-sqlite3')).href;
    const { output } = await b.generate({ format: 'esm', paths: { 'better-sqlite3': sqlite } });
    const code = output[0].code;
    const file = join(tmpdir(), `newsflow-sqlite-thread-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
    if (!existsSync(file)) {
      // Test processes running at once may write the same file: each renames its own copy over it.
      const own = `${file}.${process.pid}`;
      writeFileSync(own, code);
      renameSync(own, file);
    }
    return pathToFileURL(file);
  } finally {
    await b.close();
  }
}
