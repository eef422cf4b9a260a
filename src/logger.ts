import { pino, type Logger, type DestinationStream } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/** Structured JSON logs on stdout; tests pass their own stream to read them back. */
export function createLogger(level: Config['LOG_LEVEL'], destination?: DestinationStream): Logger {
  return pino({ level, base: { app: 'stepwise' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
