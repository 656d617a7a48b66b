// The Kafka mode of `cepheus serve` (KAFKA_BROKERS and REDIS_URL set): the same rules, HTTP API
// and metrics as the embedded mode, with Kafka as the source, Redis for state and alerts, and the
// alert topic out. Several instances with the same CEPHEUS_GROUP_ID share the partitions.
//
//   rules dir ─► RuleManager ─► RulesOperator ─► task engines ◄── ClusterOperator ◄── Kafka (group)
//                                                     │            │ snapshots     ▲ POST /events
//                                              TaskOutput ─► Delivery ─► alert topic
//                                                     │            └─► RedisAlertStore ◄─ GET /alerts, SSE
//                                                     └─► dead-letter topic

import type { FastifyInstance } from 'fastify';
import type { Producer } from 'kafkajs';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import { Engine } from '../engine/engine';
import type { EngineOutput } from '../engine/output';
import { installWindows } from '../engine/windows';
import { RuleDirectory } from '../io/files/rule-directory';
import type { RuleWatcherOptions } from '../io/files/rule-watcher';
import { build } from '../io/http/app';
import { KafkaAdmin } from '../io/kafka/admin';
import { createKafka } from '../io/kafka/client';
import { KafkaSourceConsumer } from '../io/kafka/consumer';
import { KafkaDeadLetterSink } from '../io/kafka/dead-letter';
import { KafkaIntake } from '../io/kafka/intake';
import { connectProducer } from '../io/kafka/producer';
import { RedisAlertStore } from '../io/redis/alert-store';
import { connectRedis, redisHealth } from '../io/redis/connection';
import { RedisKeys } from '../io/redis/keys';
import { RedisTaskStore } from '../io/redis/task-store';
import type { ServiceStatus } from '../io/ports';
import { type Logger, moduleLogger } from '../log';
import { closeGracefully, listen } from '../service/listen';
import { ServiceMetrics } from '../service/metrics';
import { RuleCatalog } from '../service/rule-catalog';
import { RuleManager } from '../service/rule-manager';
import { AtLeastOnceDelivery } from './delivery-alo';
import { ExactlyOnceDelivery } from './delivery-eos';
import { Health } from './health';
import { tasksView } from './engine-view';
import { ClusterOperator } from './operator';
import { TaskOutput } from './output';
import { RulesOperator } from './rules-operator';
import { buildTopology } from './topology';
import { type ClusterSettings, clusterSettings } from './settings';

export interface KafkaServiceOptions {
  watch?: RuleWatcherOptions;
  sseHeartbeatMs?: number;
  closeGraceMs?: number;
  /** where the Kafka mode's own settings (CEPHEUS_REDIS_PREFIX, ...) are read; process.env by default */
  env?: NodeJS.ProcessEnv;
  /** overrides of the Kafka-mode settings (tests) */
  settings?: Partial<ClusterSettings>;
}

export interface RunningKafkaService {
  readonly app: FastifyInstance;
  readonly port: number;
  /** resolves once the consumer runs (partitions are then restored as the group assigns them) */
  readonly ready: Promise<void>;
  readonly cluster: ClusterOperator;
  stop(): Promise<void>;
}

const RETENTION_EVERY_MS = 60_000;

/** The template engine never takes events, so it never emits anything. */
const NO_OUTPUT: EngineOutput = { alert: () => {}, deadLetter: () => {} };

export async function startKafkaService(config: Config, root: Logger, options: KafkaServiceOptions = {}): Promise<RunningKafkaService> {
  installWindows();
  const settings = { ...clusterSettings(config, options.env ?? process.env), ...options.settings };
  const log = moduleLogger(root, 'cluster');
  const catalog = new RuleCatalog();
  const holder: { view: Engine | null } = { view: null };
  const metrics = new ServiceMetrics(() => holder.view, () => 0);
  const rules = new RuleManager(new RuleDirectory(config.rulesDir, options.watch), catalog, metrics, moduleLogger(root, 'rules'));
  await rules.load();

  const redis = connectRedis(settings.redisUrl, moduleLogger(root, 'redis'));
  const keys = new RedisKeys(settings.redisPrefix, settings.groupId);
  const kafka = createKafka({ brokers: settings.brokers, clientId: settings.clientId, log: root });
  const admin = new KafkaAdmin(kafka);
  let producer: Producer | null = null;
  try {
    await admin.ensureTopics([{ topic: settings.alertTopic, partitions: 1 }, { topic: settings.dlqTopic, partitions: 1 }], settings.replicationFactor);
    producer = await connectProducer(kafka);
  } catch (e) {
    await admin.close();
    redis.disconnect();
    throw e;
  }
  const alertStore = new RedisAlertStore(redis, keys, { maxAlerts: config.alertRetention });
  const deadLetters = new KafkaDeadLetterSink(producer, settings.dlqTopic, (n) => log.error({ n }, 'dead letters larger than the broker takes; dropped'));
  const health = new Health();
  const ctx = { cluster: null as ClusterOperator | null };
  const template = new Engine(catalog.ruleSet, NO_OUTPUT, Date.now);
  const view = tasksView(() => template, () => [...(ctx.cluster?.tasks.values() ?? [])].map((t) => t.engine));
  holder.view = view;
  const outputs = { delivery: () => (ctx.cluster as ClusterOperator).delivery, deadLetters, metrics, root };
  const alertProducer = producer;
  const partitionCounts = new Map<string, number>();
  const cluster = new ClusterOperator({
    template: () => template,
    topology: async () => {
      for (const src of template.sources.values()) {
        if (!partitionCounts.has(src.spec.topic)) partitionCounts.set(src.spec.topic, await admin.partitionCount(src.spec.topic));
      }
      const t = buildTopology(template, { groupId: settings.groupId, partitionedBy: settings.partitionedBy, partitions: (topic) => partitionCounts.get(topic) ?? 1 });
      await admin.ensureTopics(t.internal, settings.replicationFactor);
      return t;
    },
    newEngine: (task, set) => new Engine(set, new TaskOutput(task, outputs), Date.now),
    metrics,
    taskStore: new RedisTaskStore(redis, keys),
    deadLetters,
    health,
    log,
    snapshotIntervalMs: settings.snapshotIntervalMs,
    tickMs: settings.tickMs,
    newConsumer: (topics) => new KafkaSourceConsumer(kafka, { groupId: settings.groupId, topics, sessionTimeoutMs: settings.sessionTimeoutMs }, moduleLogger(root, 'consumer')),
    newDelivery: (retry, consumer) =>
      settings.delivery === 'exactly-once'
        ? new ExactlyOnceDelivery(kafka, admin, settings.groupId, settings.alertTopic, alertStore, retry)
        : new AtLeastOnceDelivery(alertProducer, settings.alertTopic, alertStore, consumer, retry),
  });
  ctx.cluster = cluster;
  rules.attach(new RulesOperator(view, template, () => cluster.applyRules(), metrics, moduleLogger(root, 'engine')));
  const intake = new KafkaIntake(producer, (s) => (template.sources.get(s)?.rules.length ? (template.sources.get(s)?.spec.topic ?? null) : null), (reason) => metrics.rejected.inc({ reason }));
  const status: ServiceStatus = {
    health: () => health.report({ redisOk: redisHealth(redis).ok, details: { delivery: settings.delivery, groupId: settings.groupId, topics: cluster.topics, partitions: [...cluster.tasks.keys()] } }),
    readiness: () => (intake.state === 'stopping' ? 'stopping' : cluster.readiness),
  };
  const app = build({
    intake, alerts: alertStore, rules, status, metrics: metrics.registry, logger: moduleLogger(root, 'http'),
    options: { apiToken: config.apiToken, bodyLimitBytes: config.bodyLimitBytes, rateLimitPerMinute: config.rateLimitPerMinute, sseHeartbeatMs: options.sseHeartbeatMs },
  });
  const port = await listen(app, config.host, config.port);
  log.info({ host: config.host, port, brokers: settings.brokers, groupId: settings.groupId, delivery: settings.delivery }, 'listening (Kafka mode)');
  const retention = setInterval(() => void alertStore.trim(Date.now()).catch(() => undefined), RETENTION_EVERY_MS);
  retention.unref();
  const ready = cluster.start().then(() => {
    intake.state = 'ready';
    rules.watch();
  });
  ready.catch((e: unknown) => {
    health.failing('kafka', `consumer did not start: ${(e as Error).message}`);
    log.error({ err: e }, 'consumer did not start');
  });

  return {
    app, port, ready, cluster,
    async stop() {
      intake.state = 'stopping';
      clearInterval(retention);
      rules.stop();
      await closeGracefully(app, options.closeGraceMs ?? 1000);
      await ready.catch(() => undefined);
      await cluster.stop();
      await deadLetters.flush().catch((e: unknown) => log.warn({ err: e }, 'dead letters not flushed at stop'));
      await alertStore.close();
      await alertProducer.disconnect().catch(() => undefined);
      await admin.close();
      await quit(redis);
      log.info('stopped');
    },
  };
}

/** QUIT, but never waiting long for a Redis that is away. */
async function quit(redis: Redis): Promise<void> {
  const timer = setTimeout(() => redis.disconnect(), 1000);
  await redis.quit().catch(() => redis.disconnect());
  clearTimeout(timer);
}
