// Settings (API.md "Settings"): environment variables, optionally over a JSON config file named by
// CEPHEUS_CONFIG that sets the same names. Everything is validated before anything starts, and a
// bad value fails with a message naming the setting, so `npm start` stops with one clear line.

import fs from 'node:fs';
import { CepheusError, ErrorCodes } from './errors';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  host: string;
  port: number;
  rulesDir: string;
  dataDir: string;
  apiToken: string | null;
  logLevel: LogLevel;
  snapshotIntervalMs: number;
  /** events accepted but not yet through the log and the engine; past it POST /events gets 503 */
  queueLimit: number;
  bodyLimitBytes: number;
  /** requests per minute per client address; 0: no limit */
  rateLimitPerMinute: number;
  alertRetention: number;
  kafkaBrokers: string | null;
  redisUrl: string | null;
  groupId: string;
  alertTopic: string;
  dlqTopic: string;
  delivery: 'at-least-once' | 'exactly-once';
}

type Raw = Record<string, string | undefined>;

const SETTINGS = [
  'CEPHEUS_CONFIG', 'CEPHEUS_HOST', 'CEPHEUS_PORT', 'CEPHEUS_RULES', 'CEPHEUS_DATA', 'CEPHEUS_API_TOKEN',
  'LOG_LEVEL', 'CEPHEUS_SNAPSHOT_INTERVAL', 'CEPHEUS_QUEUE_LIMIT', 'CEPHEUS_BODY_LIMIT',
  'CEPHEUS_RATE_LIMIT', 'CEPHEUS_ALERT_RETENTION', 'KAFKA_BROKERS', 'REDIS_URL', 'CEPHEUS_GROUP_ID',
  'CEPHEUS_ALERT_TOPIC', 'CEPHEUS_DLQ_TOPIC', 'CEPHEUS_DELIVERY',
] as const;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The configuration from `env` (process.env by default) and the file it may name. */
export function loadConfig(env: Raw = process.env): Config {
  const raw = { ...readConfigFile(env.CEPHEUS_CONFIG), ...pickSettings(env) };
  return {
    host: text(raw, 'CEPHEUS_HOST', '127.0.0.1'),
    port: integer(raw, 'CEPHEUS_PORT', 8080, 0, 65535),
    rulesDir: text(raw, 'CEPHEUS_RULES', './rules'),
    dataDir: text(raw, 'CEPHEUS_DATA', './data'),
    apiToken: optionalText(raw, 'CEPHEUS_API_TOKEN', 'unset it to turn authentication off'),
    logLevel: oneOf(raw, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    snapshotIntervalMs: duration(raw, 'CEPHEUS_SNAPSHOT_INTERVAL', '5s'),
    queueLimit: integer(raw, 'CEPHEUS_QUEUE_LIMIT', 100_000, 1, 1e9),
    bodyLimitBytes: bytes(raw, 'CEPHEUS_BODY_LIMIT', 10 * 1024 * 1024),
    rateLimitPerMinute: integer(raw, 'CEPHEUS_RATE_LIMIT', 6000, 0, 1e9),
    alertRetention: integer(raw, 'CEPHEUS_ALERT_RETENTION', 100_000, 1, 1e9),
    kafkaBrokers: optionalText(raw, 'KAFKA_BROKERS', 'unset it for the embedded mode'),
    redisUrl: optionalText(raw, 'REDIS_URL', 'unset it for the embedded mode'),
    groupId: text(raw, 'CEPHEUS_GROUP_ID', 'cepheus'),
    alertTopic: text(raw, 'CEPHEUS_ALERT_TOPIC', 'cepheus.alerts'),
    dlqTopic: text(raw, 'CEPHEUS_DLQ_TOPIC', 'cepheus.dlq'),
    delivery: oneOf(raw, 'CEPHEUS_DELIVERY', ['at-least-once', 'exactly-once'] as const, 'at-least-once'),
  };
}

/** A duration as the rule language writes it (`500ms`, `5s`, `1m`, `2h`, `1d`), in ms. */
export function parseDuration(value: string): number | null {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(value.trim());
  if (m === null) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms'];
  return Number(m[1]) * unit;
}

function invalid(name: string, message: string): CepheusError {
  return new CepheusError(ErrorCodes.CONFIG_INVALID, `${name}: ${message}`, false, { setting: name });
}

function pickSettings(env: Raw): Raw {
  const out: Raw = {};
  for (const name of SETTINGS) if (env[name] !== undefined) out[name] = env[name];
  return out;
}

/** The file's settings as strings; unknown names are rejected so a typo does not go unnoticed. */
function readConfigFile(file: string | undefined): Raw {
  if (file === undefined || file === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw invalid('CEPHEUS_CONFIG', `cannot read ${file}: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalid('CEPHEUS_CONFIG', `${file} must hold a JSON object of settings`);
  }
  const out: Raw = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (!(SETTINGS as readonly string[]).includes(name) || name === 'CEPHEUS_CONFIG') {
      throw invalid('CEPHEUS_CONFIG', `${file}: unknown setting ${name}`);
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw invalid(name, `must be a string or a number in ${file}`);
    }
    out[name] = String(value);
  }
  return out;
}

function text(raw: Raw, name: string, dflt: string): string {
  const v = raw[name];
  if (v === undefined) return dflt;
  if (v.trim() === '') throw invalid(name, 'must not be empty');
  return v;
}

function optionalText(raw: Raw, name: string, hint: string): string | null {
  const v = raw[name];
  if (v === undefined) return null;
  if (v.trim() === '') throw invalid(name, `must not be empty (${hint})`);
  return v;
}

function integer(raw: Raw, name: string, dflt: number, min: number, max: number): number {
  const v = raw[name];
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v.trim()) || Number(v) < min || Number(v) > max) {
    throw invalid(name, `must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  return Number(v);
}

function oneOf<T extends string>(raw: Raw, name: string, allowed: readonly T[], dflt: T): T {
  const v = raw[name];
  if (v === undefined) return dflt;
  if (!(allowed as readonly string[]).includes(v)) {
    throw invalid(name, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

function duration(raw: Raw, name: string, dflt: string): number {
  const v = raw[name] ?? dflt;
  const ms = parseDuration(v);
  if (ms === null || ms <= 0) throw invalid(name, `must be a positive duration such as 500ms, 5s or 1m, got ${JSON.stringify(v)}`);
  return ms;
}

/** `1048576`, `512kb`, `10mb` */
function bytes(raw: Raw, name: string, dflt: number): number {
  const v = raw[name];
  if (v === undefined) return dflt;
  const m = /^(\d+)(b|kb|mb)?$/i.exec(v.trim());
  const n = m === null ? NaN : Number(m[1]) * { b: 1, kb: 1024, mb: 1024 * 1024 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  if (!(n >= 1024 && n <= 1024 * 1024 * 1024)) {
    throw invalid(name, `must be a size from 1kb to 1024mb such as 10mb, got ${JSON.stringify(v)}`);
  }
  return n;
}
