// One root pino logger writing JSON lines to stdout; modules and rules log through children, so
// every line says where it came from (`module`, `rule`). Tests pass their own destination and
// assert on the parsed objects.

import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config';

export type { Logger } from 'pino';

export function createRootLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'cepheus', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  // pino's own stdout destination writes synchronously, so the last lines before exit are kept
  return destination === undefined ? pino(options) : pino(options, destination);
}

export function moduleLogger(root: Logger, module: string): Logger {
  return root.child({ module });
}

export function ruleLogger(root: Logger, rule: string): Logger {
  return root.child({ module: 'rule', rule });
}
