// Regenerates schemas/*.json from the zod sources (run after `tsc -b`):
//   npm run schemas -w @newsflow/contracts
// The drift test in src/json-schema.test.ts fails when the committed files are stale.
import { writeFileSync } from 'node:fs';
import { PUBLISHED_SCHEMAS, toJsonSchema } from '../dist/index.js';

for (const name of Object.keys(PUBLISHED_SCHEMAS)) {
  const file = new URL(`../schemas/${name}.json`, import.meta.url);
  writeFileSync(file, `${JSON.stringify(toJsonSchema(name), null, 2)}\n`);
  process.stdout.write(`wrote schemas/${name}.json\n`);
}
