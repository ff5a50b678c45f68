/**
 * Child process for the SQLite-lock scenario: `node lock-sqlite.js <db> <ms>` takes the write lock
 * (BEGIN IMMEDIATE) as another program on the machine might, holds it, then commits.
 */
import Database from 'better-sqlite3';

const [path, ms] = process.argv.slice(2);
if (!path || !Number(ms)) {
  process.stderr.write('usage: lock-sqlite <db> <ms>\n');
  process.exit(2);
}
const db = new Database(path, { fileMustExist: true });
db.pragma('busy_timeout = 60000');
db.exec('BEGIN IMMEDIATE');
process.stdout.write(`locked ${path} at ${Date.now()}\n`);
setTimeout(() => {
  db.exec('COMMIT');
  db.close();
  process.stdout.write(`released at ${Date.now()}\n`);
}, Number(ms));
