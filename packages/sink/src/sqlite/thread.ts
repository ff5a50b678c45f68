/**
 * Entry point of a SQLite store thread: it owns one connection and answers the store's requests
 * one at a time, in the order they were posted. Started by `SqliteThread` (client.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toWire } from './codes.js';
import { SqliteConnection, type ConnectionOptions } from './connection.js';
import { guarded, type Ready, type Reply, type Request } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('thread.ts runs as a worker thread of the SQLite store');
const { flags, ...options } = workerData as ConnectionOptions & { flags: Int32Array };

function answer(req: Request, c: SqliteConnection): unknown {
  switch (req.op) {
    case 'all':
      return c.all(req.sql, req.params);
    case 'write':
      return c.write(req.items, req.now);
    case 'testWrite':
      return c.testWrite(req.now);
    case 'room':
      return c.roomBytes();
    case 'close':
      return c.close();
  }
}

function serve(c: SqliteConnection): void {
  port!.on('message', (req: Request) => {
    let reply: Reply | undefined;
    guarded(flags, () => {
      try {
        reply = { id: req.id, ok: true, value: answer(req, c) };
      } catch (err) {
        reply = { id: req.id, ok: false, error: toWire(err) };
      }
    });
    // No reply: the thread is being stopped, and the store fails the request itself.
    if (reply) port!.postMessage(reply);
    // With the port closed the thread has nothing left to do and exits.
    if (req.op === 'close') port!.close();
  });
}

let ready: Ready = { ready: false, error: { name: 'Error', message: 'stopped before its connection opened' } };
let conn: SqliteConnection | undefined;
guarded(flags, () => {
  try {
    conn = new SqliteConnection(options);
    ready = { ready: true };
  } catch (err) {
    ready = { ready: false, error: toWire(err) };
  }
});
port.postMessage(ready);
if (conn) serve(conn);
else port.close();
