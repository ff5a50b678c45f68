/** Code version recorded in the processing trace (kept in step with package.json). */
export const INGEST_VERSION = '0.1.0';
