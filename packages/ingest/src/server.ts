import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ServerType } from '@hono/node-server';

export interface ServerLimits {
  /**
   * Whole request, headers and body, from a client; past it the client gets 408 and the connection
   * is closed. A body dribbled a byte a second used to hold a connection for Node's 300 s.
   * @defaultValue 60000
   */
  requestTimeoutMs?: number;
  /** Request headers, from connect (or the previous request) to the blank line. @defaultValue 15000 */
  headersTimeoutMs?: number;
  /** Idle time after a response before a keep-alive connection is closed. @defaultValue 5000 */
  keepAliveTimeoutMs?: number;
  /** Open connections at most; one more is closed at once. @defaultValue 1024 */
  maxConnections?: number;
}

function timeoutAnswer(res: ServerResponse, ms: number): void {
  if (!res.headersSent) {
    const body = JSON.stringify({ error: { code: 'REQUEST_TIMEOUT', message: `the request was not received within ${ms} ms` } });
    res.writeHead(408, { 'content-type': 'application/json', connection: 'close', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }
  // The response may sit behind a socket the client no longer reads; do not wait for it.
  setTimeout(() => res.socket?.destroy(), 1000).unref();
}

/**
 * Bound what one client can hold on an HTTP server (what `serve()` of `@hono/node-server`
 * returns): the time to send a request, to send headers, to keep an idle connection, and the
 * number of connections. Takes `IngestLimits` (from `ingestLimitsFromEnv`). Node checks its own request and header timeouts only every 30 s
 * (`connectionsCheckingInterval`), so both are also enforced here with a timer, to the millisecond.
 */
export function hardenServer(httpServer: Server | ServerType, limits: ServerLimits = {}): void {
  // `serve()` is typed as any of Node's servers; it makes an http.Server unless told otherwise.
  const server = httpServer as Server;
  const requestMs = limits.requestTimeoutMs ?? 60_000;
  const headersMs = Math.min(limits.headersTimeoutMs ?? 15_000, requestMs);
  server.requestTimeout = requestMs;
  server.headersTimeout = headersMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs ?? 5_000;
  server.maxConnections = limits.maxConnections ?? 1024;

  // Headers of a connection's first request (later ones are covered by keepAliveTimeout and Node).
  const firstHeaders = new WeakMap<Socket, NodeJS.Timeout>();
  server.on('connection', (socket: Socket) => {
    const timer = setTimeout(() => socket.destroy(), headersMs).unref();
    firstHeaders.set(socket, timer);
    socket.once('close', () => clearTimeout(timer));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    clearTimeout(firstHeaders.get(req.socket));
    if (req.complete) return;
    const timer = setTimeout(() => {
      if (!req.complete) timeoutAnswer(res, requestMs);
    }, requestMs).unref();
    const done = () => clearTimeout(timer);
    req.once('end', done);
    res.once('close', done);
  });
}
