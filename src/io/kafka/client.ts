// The one place a kafkajs client is made: brokers, client id, logs into pino. Everything else in
// Cepheus talks to Kafka through the small classes of this folder, so kafkajs (no release since
// 2023) can be replaced behind them.

import { Kafka, type RetryOptions } from 'kafkajs';
import type { Logger } from 'pino';
import { kafkaLogLevel, pinoLogCreator } from './log-creator';

process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

export interface KafkaClientOptions {
  brokers: readonly string[];
  clientId: string;
  log: Logger;
  retry?: RetryOptions;
}

export function createKafka(o: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: o.clientId,
    brokers: [...o.brokers],
    logLevel: kafkaLogLevel(o.log.level),
    logCreator: pinoLogCreator(o.log),
    connectionTimeout: 3000,
    // a broker restart takes seconds: keep retrying for about a minute before giving up a request
    retry: o.retry ?? { initialRetryTime: 200, maxRetryTime: 5000, retries: 12 },
  });
}

export function parseBrokers(list: string): string[] {
  return list.split(',').map((b) => b.trim()).filter((b) => b.length > 0);
}
