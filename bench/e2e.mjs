#!/usr/bin/env node
// npm run bench:e2e [-- --events N --keys K --pm M --rate R --only throughput,latency,snapshot,recovery
//                      --rules FILE (instead of W1: it must declare `source events { ... }`)]
//
// The Kafka mode end to end, one instance in this process, on the real broker and Redis
// (`npm run kafka:up`, `scripts/redis.sh ensure`; both are started here if they are not running):
//
//   throughput  W1 (shared/bench/w1.cep) over the shared generator's events, pre-produced to a
//               4-partition topic keyed by `key`: events/s from the first batch until every event
//               is processed and its alerts are acknowledged by the alert topic (at-least-once)
//   latency     events produced at a steady rate with their send time in them: alert record time
//               minus the send time of the event that completed the match, p50/p99
//   snapshot    time of one incremental snapshot against the number of keys changed since the last
//   recovery    M open partial matches (W1, only `a` events) in Redis: a second instance's start
//               until it has restored every partition and is ready
//
// JSON.parse of the same lines is measured in the same process and every rate is also given as a
// ratio to it. Prints a table, then one JSON object per figure. Topics and Redis keys are random
// and deleted at the end.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { benchOptions, ensureEvents } from './events.mjs';
import { jsonParseRate } from './yardstick.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const shared = path.resolve(root, '../shared/bench');
const require = createRequire(import.meta.url);

// 1 M open partial matches need a bigger heap than Node's default
if (!process.execArgv.some((a) => a.startsWith('--max-old-space-size'))) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', '--max-semi-space-size=64', '--initial-old-space-size=4096', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

if (!fs.existsSync(path.join(root, 'dist/src/cluster/kafka-service.js'))) {
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const { Kafka, logLevel, Partitioners } = require('kafkajs');
const { Redis } = require('ioredis');
const { loadConfig } = require(path.join(root, 'dist/src/config.js'));
const { startKafkaService } = require(path.join(root, 'dist/src/cluster/kafka-service.js'));
const { createRootLogger } = require(path.join(root, 'dist/src/log.js'));

if (process.argv[2] === '--recovery-child') await recoveryChild(JSON.parse(process.argv[3]));

const opts = benchOptions(process.argv.slice(2), { pm: 1_000_000, rate: 20_000, seconds: 10 }, ['rules']);
if (opts.rules !== undefined) opts.rules = path.resolve(opts.rules);
const phases = new Set((opts.only ?? 'throughput,latency,snapshot,recovery').split(','));
const brokers = [execFileSync(process.execPath, [path.join(root, 'scripts/kafka.mjs'), 'up'], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop()];
const redisUrl = execFileSync('bash', [path.join(root, 'scripts/redis.sh'), 'ensure'], { encoding: 'utf8' }).trim().split('\n').pop();
const run = `bench-e2e.${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const kafka = new Kafka({ clientId: 'cepheus-bench', brokers, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();
const created = [];
const results = [];
const logSink = process.env.BENCH_LOG ? process.stderr : new Writable({ write: (_c, _e, cb) => cb() });

const eventsFile = ensureEvents(opts);
const lines = fs.readFileSync(eventsFile, 'utf8').split('\n').filter((l) => l.length > 0);
const yardstick = jsonParseRate(lines);
const base = { bench: opts.rules ? path.basename(opts.rules, '.cep') : 'w1', cores: os.cpus().length, node: process.version, jsonParsePerSec: Math.round(yardstick) };
console.error(`bench:e2e ${lines.length} events, ${opts.keys} keys; JSON.parse ${Math.round(yardstick)}/s; brokers ${brokers}, ${redisUrl}`);

try {
  if (phases.has('throughput')) await throughput();
  if (phases.has('snapshot')) await snapshots();
  if (phases.has('latency')) await latency();
  if (phases.has('recovery')) await recovery();
} finally {
  await cleanup();
}
printTable(results);
for (const r of results) console.log(JSON.stringify(r));
process.exit(0);

// ---- phases --------------------------------------------------------------------------------------

async function throughput() {
  const env = await environment('tp', 4);
  const produced = await produceLines(env.topic, lines, { keyed: true });
  results.push({ ...base, mode: 'kafka-produce', events: lines.length, eventsPerSec: Math.round(produced.rate), ratio: round(produced.rate / yardstick) });
  const t0 = Date.now();
  const profile = await profiler('throughput');
  // snapshots every CEPHEUS_SNAPSHOT_INTERVAL (5 s) as in production: their pauses are part of the rate
  const svc = await start(env, {});
  let firstBatch = null;
  await until(() => {
    if (firstBatch === null && svc.cluster.stats.records > 0) firstBatch = process.hrtime.bigint();
    return svc.cluster.stats.records >= lines.length;
  }, 300_000, 1);
  const secs = Number(process.hrtime.bigint() - firstBatch) / 1e9;
  await profile.stop();
  const alerts = await topicSize(env.alertTopic);
  const rate = lines.length / secs;
  const fromStart = lines.length / ((Date.now() - t0) / 1000);
  {
    results.push({ ...base, mode: 'kafka-e2e', delivery: 'at-least-once', events: lines.length, eventsPerSec: Math.round(rate), ratio: round(rate / yardstick),
      eventsPerSecFromStart: Math.round(fromStart), alerts, note: 'pre-produced topic (4 partitions, keyed); first batch to last event processed with its alerts acked' });
  }
  results.at(-1).snapshots = svc.cluster.stats.snapshots;
  await svc.cluster.snapshotNow('bench');
  await svc.stop();
}

/** Snapshots of n new keys (one open partial match each; nothing expires meanwhile). */
async function snapshots() {
  const env = await environment('snap', 4);
  const svc = await start(env, { snapshotIntervalMs: 3_600_000 });
  let ts = 1_800_000_000_000;
  let total = 0;
  for (const n of [1000, 10_000, 100_000]) {
    const batch = [];
    for (let i = 0; i < n; i++) batch.push(JSON.stringify({ ts: ts++, key: `s${n}-${i}`, type: 'a', amount: 1, merchant: 'm1' }));
    total += n;
    await produceLines(env.topic, batch, { keyed: true });
    await until(() => svc.cluster.stats.records >= total, 120_000, 2);
    await svc.cluster.snapshotNow('bench');
    const s = svc.cluster.stats.lastSnapshot;
    results.push({ ...base, mode: 'snapshot', keysChanged: s.keysSet + s.keysDeleted, ms: round(s.ms), tasks: s.tasks, partialMatchesPerKey: 1 });
  }
  await svc.stop();
}

async function latency() {
  const env = await environment('lat', 1);
  const svc = await start(env, {});
  const n = Math.min(opts.rate * opts.seconds, lines.length);
  const perTick = Math.max(1, Math.round(opts.rate / 100));
  const t0 = Date.now();
  for (let i = 0; i < n; i += perTick) {
    const now = Date.now();
    const messages = lines.slice(i, i + perTick).map((l) => ({ value: `${l.slice(0, -1)},"sentAt":${now}}` }));
    await producer.send({ topic: env.topic, acks: -1, messages });
    const due = t0 + ((i + perTick) / opts.rate) * 1000;
    if (due > Date.now()) await sleep(due - Date.now());
  }
  await until(() => svc.cluster.stats.records >= n, 60_000, 5);
  const alerts = await readAll(env.alertTopic, await topicSize(env.alertTopic));
  const lat = alerts.map(({ value, timestamp }) => Number(timestamp) - JSON.parse(value).events.c[0].sentAt).sort((a, b) => a - b);
  results.push({ ...base, mode: 'latency', delivery: 'at-least-once', rate: opts.rate, events: n, alerts: lat.length,
    p50Ms: pct(lat, 0.5), p99Ms: pct(lat, 0.99), maxMs: lat[lat.length - 1] ?? null,
    note: 'alert record time minus send time of the event completing the match (it matches once a later event moves the watermark)' });
  await svc.stop();
}

async function recovery() {
  const env = await environment('rec', 4);
  // only `a` events, 100 per key-second, all within 10 minutes of event time: every one stays open
  const keys = Math.max(1, Math.round(opts.pm / 10));
  const batch = [];
  for (let i = 0; i < opts.pm; i++) batch.push(JSON.stringify({ ts: 1_700_000_000_000 + Math.floor(i / 2000), key: `k${i % keys}`, type: 'a', amount: 1, merchant: 'm1' }));
  await produceLines(env.topic, batch, { keyed: true });
  const a = await start(env, { snapshotIntervalMs: 3_600_000 });
  await until(() => a.cluster.stats.records >= opts.pm, 600_000, 1);
  const open = openPartialMatches(a);
  const snapProfile = await profiler('snapshot');
  await a.cluster.snapshotNow('bench');
  await snapProfile.stop();
  const snap = a.cluster.stats.lastSnapshot;
  results.push({ ...base, mode: 'snapshot', keysChanged: snap.keysSet, openPartialMatches: open, partialMatchesPerKey: open / snap.keysSet, ms: round(snap.ms), note: 'full snapshot of the recovery state' });
  await a.stop();
  // a fresh process, as after a crash: nothing of the first instance's heap around
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--recovery-child', JSON.stringify({ env, brokers, redisUrl })],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  const b = JSON.parse(child.stdout.trim().split('\n').pop());
  results.push({ ...base, mode: 'recovery', openPartialMatches: b.open, keys, ms: round(b.ms), restoreMs: b.restoreMs, partitions: 4,
    note: 'second instance in a fresh process: start (group join included) until all 4 partitions are restored from Redis' });
  if (b.open !== open) console.error(`recovery: ${open} partial matches before, ${b.open} after`);
}

/** The recovery phase's second instance, in its own process: prints {ms, restoreMs, open}. */
async function recoveryChild({ env, brokers: bs, redisUrl: url }) {
  const profile = await profiler('recovery');
  const t0 = process.hrtime.bigint();
  const config = loadConfig({
    CEPHEUS_PORT: '0', CEPHEUS_RULES: env.rulesDir, KAFKA_BROKERS: bs.join(','), REDIS_URL: url,
    CEPHEUS_GROUP_ID: env.group, CEPHEUS_ALERT_TOPIC: env.alertTopic, CEPHEUS_DLQ_TOPIC: env.dlqTopic, CEPHEUS_RATE_LIMIT: '0', LOG_LEVEL: 'warn',
  });
  const b = await startKafkaService(config, createRootLogger('warn', new Writable({ write: (_c, _e, cb) => cb() })), { settings: { redisPrefix: env.prefix, snapshotIntervalMs: 3_600_000 } });
  await until(() => b.cluster.readiness === 'ready' && b.cluster.tasks.size === 4, 120_000, 1);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  await profile.stop();
  const open = openPartialMatches(b);
  const restoreMs = Math.max(...b.cluster.stats.restores.map((r) => r.ms));
  await b.stop();
  console.log(JSON.stringify({ ms, restoreMs, open }));
  process.exit(0);
}

// ---- helpers -------------------------------------------------------------------------------------

/** BENCH_PROFILE=file.cpuprofile BENCH_PROFILE_PHASE=throughput|snapshot|recovery: a CPU profile of that step only. */
async function profiler(phase) {
  const file = process.env.BENCH_PROFILE;
  if (!file || (process.env.BENCH_PROFILE_PHASE ?? 'throughput') !== phase) return { stop: async () => {} };
  const { Session } = await import('node:inspector');
  const session = new Session();
  session.connect();
  const post = (m, p) => new Promise((res, rej) => session.post(m, p, (e, r) => (e ? rej(e) : res(r))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return { stop: async () => fs.writeFileSync(file, JSON.stringify((await post('Profiler.stop')).profile)) };
}

async function environment(name, partitions) {
  const topic = `${run}.${name}.events`;
  const alertTopic = `${run}.${name}.alerts`;
  const dlqTopic = `${run}.${name}.dlq`;
  await admin.createTopics({ waitForLeaders: true, topics: [
    { topic, numPartitions: partitions, replicationFactor: 1 },
    { topic: alertTopic, numPartitions: 1, replicationFactor: 1 },
    { topic: dlqTopic, numPartitions: 1, replicationFactor: 1 },
  ] });
  created.push(topic, alertTopic, dlqTopic);
  const rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cepheus-bench-'));
  const ruleFile = opts.rules ?? path.join(shared, 'w1.cep');
  const w1 = fs.readFileSync(ruleFile, 'utf8').replace('source events {', `source events {\n  topic "${topic}"`);
  fs.writeFileSync(path.join(rulesDir, 'w1.cep'), w1);
  return { topic, alertTopic, dlqTopic, rulesDir, group: `${run}.${name}`, prefix: `${run}:` };
}

async function start(env, settings) {
  const config = loadConfig({
    CEPHEUS_PORT: '0', CEPHEUS_RULES: env.rulesDir, KAFKA_BROKERS: brokers.join(','), REDIS_URL: redisUrl,
    CEPHEUS_GROUP_ID: env.group, CEPHEUS_ALERT_TOPIC: env.alertTopic, CEPHEUS_DLQ_TOPIC: env.dlqTopic, CEPHEUS_RATE_LIMIT: '0',
    LOG_LEVEL: 'warn',
  });
  const svc = await startKafkaService(config, createRootLogger(process.env.BENCH_LOG ?? 'warn', logSink), { settings: { redisPrefix: env.prefix, ...settings } });
  await svc.ready;
  return svc;
}

/**
 * Produces lines (keyed by their `key` field) in sends of 5000, one at a time: sends in flight
 * together may land in a partition out of order, and events out of order are late events.
 */
async function produceLines(topic, ls, { keyed }) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < ls.length; i += 5000) {
    const messages = ls.slice(i, i + 5000).map((value) => ({ key: keyed ? keyOf(value) : null, value }));
    await producer.send({ topic, acks: -1, messages });
  }
  return { rate: ls.length / (Number(process.hrtime.bigint() - t0) / 1e9) };
}

function keyOf(line) {
  const i = line.indexOf('"key":"') + 7;
  return line.slice(i, line.indexOf('"', i));
}

async function topicSize(topic) {
  return (await admin.fetchTopicOffsets(topic)).reduce((s, p) => s + Number(p.high) - Number(p.low), 0);
}

async function readAll(topic, count) {
  const consumer = kafka.consumer({ groupId: `${run}.reader.${randomBytes(3).toString('hex')}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const out = [];
  await new Promise((resolve) => {
    if (count === 0) return resolve();
    consumer.run({ eachMessage: async ({ message }) => {
      out.push({ value: message.value.toString(), timestamp: message.timestamp });
      if (out.length >= count) resolve();
    } });
  });
  await consumer.disconnect();
  return out;
}

function openPartialMatches(svc) {
  let n = 0;
  for (const t of svc.cluster.tasks.values()) for (const rt of t.engine.runtimes.values()) n += rt.openPartialMatches;
  return n;
}

async function cleanup() {
  if (created.length > 0) await admin.deleteTopics({ topics: created, timeout: 30_000 }).catch(() => undefined);
  const redis = new Redis(redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${run}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
  await producer.disconnect();
  await admin.disconnect();
}


async function until(cond, timeoutMs, pollMs) {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('bench:e2e: timed out');
    await sleep(pollMs);
  }
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function pct(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function round(x) {
  return Math.round(x * 1000) / 1000;
}

function printTable(rs) {
  const rows = rs.map((r) => {
    const what = r.mode === 'kafka-e2e' || r.mode === 'kafka-produce' ? `${r.eventsPerSec} ev/s (x${r.ratio} JSON.parse)`
      : r.mode === 'latency' ? `p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms (${r.alerts} alerts at ${r.rate} ev/s)`
      : r.mode === 'snapshot' ? `${r.ms} ms for ${r.keysChanged} keys changed`
      : `${r.ms} ms to restore ${r.openPartialMatches} partial matches (${r.restoreMs} ms loading)`;
    return [r.mode, what];
  });
  console.error('\nmode            result');
  for (const [m, w] of rows) console.error(`${m.padEnd(16)}${w}`);
  console.error(`JSON.parse yardstick: ${Math.round(yardstick)} lines/s, ${os.cpus().length} cores, Node ${process.version}\n`);
}
