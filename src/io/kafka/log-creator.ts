// kafkajs logs into pino (kafkajs `logCreator`, pino child loggers): one `module: "kafka"` child,
// kafkajs's namespace and extra fields kept as fields. A few ERROR lines kafkajs writes for
// conditions it retries by itself (a coordinator still loading, a rebalance under way) are
// written as warnings, so alerting on ERROR lines does not page anyone for them.

import { type LogEntry, logLevel } from 'kafkajs';
import type { Logger } from 'pino';

const RETRIED_BY_KAFKAJS = [
  /coordinator is not available/i,
  /coordinator is loading/i,
  /group is rebalancing/i,
  /concurrent operation on the same transaction/i,
  /not the correct coordinator/i,
  /There is no leader for this topic-partition/i,
];

/** The kafkajs level matching a pino level, so kafkajs does not format lines pino drops. */
export function kafkaLogLevel(pinoLevel: string): logLevel {
  switch (pinoLevel) {
    case 'trace':
    case 'debug':
      return logLevel.DEBUG;
    case 'info':
      return logLevel.INFO;
    case 'warn':
      return logLevel.WARN;
    case 'silent':
      return logLevel.NOTHING;
    default:
      return logLevel.ERROR;
  }
}

export function pinoLogCreator(root: Logger): () => (entry: LogEntry) => void {
  const log = root.child({ module: 'kafka' });
  return () => (entry) => {
    const { message, timestamp: _t, logger: _l, ...extra } = entry.log as { message: string; timestamp?: string; logger?: string };
    const fields = { namespace: entry.namespace, ...extra };
    switch (entry.level) {
      case logLevel.ERROR:
        if (RETRIED_BY_KAFKAJS.some((re) => re.test(message) || re.test(String((extra as { error?: unknown }).error ?? '')))) log.warn(fields, message);
        else log.error(fields, message);
        break;
      case logLevel.WARN:
        log.warn(fields, message);
        break;
      case logLevel.INFO:
        log.info(fields, message);
        break;
      default:
        log.debug(fields, message);
    }
  };
}
