// The Kafka mode's settings: the shared ones from config.ts (API.md "Settings") and a few of its
// own, read from the environment with the same one-line errors.

import os from 'node:os';
import type { Config } from '../config';
import { CepheusError, ErrorCodes } from '../errors';
import { parseBrokers } from '../io/kafka/client';
import { parsePartitionedBy } from './topology';

export interface ClusterSettings {
  brokers: string[];
  redisUrl: string;
  groupId: string;
  alertTopic: string;
  dlqTopic: string;
  delivery: 'at-least-once' | 'exactly-once';
  snapshotIntervalMs: number;
  /** alerts kept in Redis for REST (the newest N) */
  alertRetention: number;
  /** CEPHEUS_REDIS_PREFIX: every Redis key starts with it (default `cepheus:`) */
  redisPrefix: string;
  /** CEPHEUS_CLIENT_ID: the Kafka client id (default `cepheus-<host>-<pid>`) */
  clientId: string;
  /** CEPHEUS_REPLICATION_FACTOR for the topics Cepheus creates (alert, dead-letter; default 1) */
  replicationFactor: number;
  /** CEPHEUS_SESSION_TIMEOUT: how soon the group notices a dead instance (default 10s) */
  sessionTimeoutMs: number;
  /** how often idle partitions are looked at (LANGUAGE.md 3 `idle`) */
  tickMs: number;
  /** CEPHEUS_PARTITIONED_BY: source → the key its topic is partitioned by (topology.ts) */
  partitionedBy: Map<string, string>;
}

export function clusterSettings(config: Config, env: NodeJS.ProcessEnv = process.env): ClusterSettings {
  if (config.kafkaBrokers === null || config.redisUrl === null) {
    const missing = config.kafkaBrokers === null ? 'KAFKA_BROKERS' : 'REDIS_URL';
    throw new CepheusError(ErrorCodes.CONFIG_INVALID, `${missing}: the Kafka mode needs both KAFKA_BROKERS and REDIS_URL`, false, { setting: missing });
  }
  const brokers = parseBrokers(config.kafkaBrokers);
  if (brokers.length === 0) throw invalid('KAFKA_BROKERS', 'names no broker');
  return {
    brokers,
    redisUrl: config.redisUrl,
    groupId: config.groupId,
    alertTopic: config.alertTopic,
    dlqTopic: config.dlqTopic,
    delivery: config.delivery,
    snapshotIntervalMs: config.snapshotIntervalMs,
    alertRetention: config.alertRetention,
    redisPrefix: env.CEPHEUS_REDIS_PREFIX ?? 'cepheus:',
    clientId: env.CEPHEUS_CLIENT_ID ?? `cepheus-${os.hostname()}-${process.pid}`,
    replicationFactor: integer(env, 'CEPHEUS_REPLICATION_FACTOR', 1, 1, 32),
    sessionTimeoutMs: durationMs(env, 'CEPHEUS_SESSION_TIMEOUT', 10_000),
    tickMs: 1000,
    partitionedBy: partitionedBy(env),
  };
}

function partitionedBy(env: NodeJS.ProcessEnv): Map<string, string> {
  try {
    return parsePartitionedBy(env.CEPHEUS_PARTITIONED_BY);
  } catch (e) {
    throw invalid('CEPHEUS_PARTITIONED_BY', `${(e as Error).message} (e.g. tx=user;clicks=session.id)`);
  }
}

function invalid(name: string, message: string): CepheusError {
  return new CepheusError(ErrorCodes.CONFIG_INVALID, `${name}: ${message}`, false, { setting: name });
}

function integer(env: NodeJS.ProcessEnv, name: string, dflt: number, min: number, max: number): number {
  const v = env[name];
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw invalid(name, `must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return Number(v);
}

function durationMs(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  const v = env[name];
  if (v === undefined) return dflt;
  const m = /^(\d+)(ms|s|m)$/.exec(v);
  if (m === null) throw invalid(name, `must be a duration such as 10s, got ${JSON.stringify(v)}`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] as 'ms'];
}
