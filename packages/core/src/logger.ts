import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

export interface LoggerConfig {
  /** pino level. @defaultValue 'info' */
  level?: string;
  /** Service name in every line. @defaultValue 'newsflow' */
  name?: string;
  /** Where JSON lines go. @defaultValue stdout */
  destination?: NodeJS.WritableStream;
}

/** The one logger an entry point creates and hands down; stages derive child loggers from it. */
export function createLogger(cfg: LoggerConfig = {}): Logger {
  const opts: LoggerOptions = {
    name: cfg.name ?? 'newsflow',
    level: cfg.level ?? 'info',
    timestamp: pino.stdTimeFunctions.isoTime,
    base: { pid: process.pid },
    redact: { paths: ['*.token', '*.authorization', 'headers.authorization', 'headers.cookie'], remove: true },
  };
  return cfg.destination ? pino(opts, cfg.destination as pino.DestinationStream) : pino(opts);
}

/** A logger that drops everything, for tests and library defaults. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
