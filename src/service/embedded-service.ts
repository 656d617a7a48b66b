// The embedded service: everything in one process and the data directory, nothing else to
// install. Wires the file-backed ports (event log, snapshots, alert store, dead letters, rules
// directory) to the operator and the HTTP app, listens, restores, and stops gracefully.
//
//   POST /events → EmbeddedIntake → EventLog (group commit, fsync) → Operator → Engine
//                                                                       ↓
//                     FileAlertStore (REST, SSE) ← ServiceOutput → dead letters, metrics, log

import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import { Engine } from '../engine/engine';
import { installWindows } from '../engine/windows';
import { FileAlertStore } from '../io/alerts/file-alert-store';
import type { DataLock } from '../io/files/data-lock';
import { DeadLetterFile } from '../io/files/dead-letter-file';
import { EventLog } from '../io/files/event-log';
import { RuleDirectory } from '../io/files/rule-directory';
import type { RuleWatcherOptions } from '../io/files/rule-watcher';
import { FileStateStore } from '../io/files/snapshot-store';
import { build } from '../io/http/app';
import { type Logger, moduleLogger } from '../log';
import { openDataDir } from './data-dir';
import { EmbeddedIntake } from './embedded-intake';
import { ServiceOutput } from './engine-output';
import { closeGracefully, listen } from './listen';
import { ServiceMetrics } from './metrics';
import { Operator } from './operator';
import { batchOf, restore } from './restore';
import { RuleCatalog } from './rule-catalog';
import { RuleManager } from './rule-manager';
import { Snapshotter } from './snapshotter';
import { embeddedStatus } from './status';

export interface ServiceOptions {
  /** how often idle sources are ticked with the wall clock */
  tickMs?: number;
  watch?: RuleWatcherOptions;
  sseHeartbeatMs?: number;
  /** how long requests under way may take to finish at stop before connections are cut */
  closeGraceMs?: number;
}

export interface RunningService {
  readonly app: FastifyInstance;
  readonly port: number;
  /** resolves once state is restored and events are taken; rejects if the restore fails */
  readonly ready: Promise<void>;
  /** intake closed, in-flight requests answered, log drained, snapshot written, files closed */
  stop(): Promise<void>;
}

/** Loads the rules, opens the data directory, listens, then restores in the background. */
export async function startEmbeddedService(config: Config, root: Logger, options: ServiceOptions = {}): Promise<RunningService> {
  installWindows();
  const log = moduleLogger(root, 'service');
  const catalog = new RuleCatalog();
  const holder: { operator: Operator | null; intake: EmbeddedIntake | null } = { operator: null, intake: null };
  const metrics = new ServiceMetrics(() => holder.operator?.engine ?? null, () => holder.intake?.queued ?? 0);
  const rules = new RuleManager(new RuleDirectory(config.rulesDir, options.watch), catalog, metrics, moduleLogger(root, 'rules'));
  await rules.load();
  const files = await openFiles(config, root, metrics);
  try {
    const output = new ServiceOutput({ alerts: files.alerts, deadLetters: files.deadLetters, metrics, root });
    const operator = new Operator(new Engine(catalog.ruleSet, output, Date.now), metrics, moduleLogger(root, 'engine'));
    holder.operator = operator;
    rules.attach(operator);
    const intake = new EmbeddedIntake(files.eventLog, config.queueLimit, (s) => operator.hasSource(s), metrics);
    holder.intake = intake;
    const service = new EmbeddedService(config, root, options, files, operator, intake, rules, metrics);
    await service.listen();
    log.info({ host: config.host, port: service.port, rules: config.rulesDir, data: config.dataDir, auth: config.apiToken !== null }, 'listening');
    return service;
  } catch (e) {
    await files.close();
    throw e;
  }
}

interface DataFiles {
  lock: DataLock;
  eventLog: EventLog;
  alerts: FileAlertStore;
  deadLetters: DeadLetterFile;
  store: FileStateStore;
  close(): Promise<void>;
}

async function openFiles(config: Config, root: Logger, metrics: ServiceMetrics): Promise<DataFiles> {
  const lock = openDataDir(config.dataDir);
  const log = moduleLogger(root, 'data');
  let alerts: FileAlertStore | null = null;
  try {
    alerts = await FileAlertStore.open(config.dataDir, { retention: config.alertRetention, onError: (e) => log.error({ err: e }, 'alert store write failed') });
    const eventLog = await EventLog.open(path.join(config.dataDir, 'log'), {
      onSync: (seconds) => metrics.logSync.observe(seconds),
      onTorn: (file, lineNo) => log.warn({ file, lineNo }, 'skipped a record cut short by a crash (it was never acknowledged)'),
      onError: (e) => log.error({ err: e }, 'processing a durable group failed'),
    });
    const deadLetters = new DeadLetterFile(config.dataDir, (e) => log.error({ err: e }, 'dead-letter write failed'));
    const opened = alerts;
    return {
      lock, eventLog, alerts: opened, deadLetters, store: new FileStateStore(config.dataDir),
      close: async () => {
        await eventLog.close();
        await opened.close();
        await deadLetters.close();
        lock.release();
      },
    };
  } catch (e) {
    await alerts?.close();
    lock.release();
    throw e;
  }
}

class EmbeddedService implements RunningService {
  readonly app: FastifyInstance;
  port = 0;
  readonly ready: Promise<void>;
  private startReady: () => void = () => {};
  private readonly log: Logger;
  private readonly snapshotter: Snapshotter;
  private readonly timers: NodeJS.Timeout[] = [];
  private processedSeq = 0;
  private restoreFailure: Error | null = null;
  private stopping = false;

  constructor(
    private readonly config: Config,
    root: Logger,
    private readonly options: ServiceOptions,
    private readonly files: DataFiles,
    private readonly operator: Operator,
    private readonly intake: EmbeddedIntake,
    private readonly rules: RuleManager,
    metrics: ServiceMetrics,
  ) {
    this.log = moduleLogger(root, 'service');
    files.eventLog.onDurable = (records) => this.onDurable(records);
    this.snapshotter = new Snapshotter({
      operator, store: files.store, alerts: files.alerts, eventLog: files.eventLog,
      processedSeq: () => this.processedSeq, metrics, log: moduleLogger(root, 'snapshot'),
    });
    this.app = build({
      intake, alerts: files.alerts, rules, metrics: metrics.registry, logger: moduleLogger(root, 'http'),
      status: embeddedStatus(intake, files.eventLog, () => this.restoreFailure),
      options: { apiToken: config.apiToken, bodyLimitBytes: config.bodyLimitBytes, rateLimitPerMinute: config.rateLimitPerMinute, sseHeartbeatMs: options.sseHeartbeatMs },
    });
    // restoring starts once listening, so /ready can say `starting` meanwhile
    this.ready = new Promise<void>((resolve) => {
      this.startReady = resolve;
    }).then(() => this.restoreAndRun());
    this.ready.catch((e: Error) => {
      this.restoreFailure = e;
    });
  }

  async listen(): Promise<void> {
    this.port = await listen(this.app, this.config.host, this.config.port);
    this.startReady();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.intake.state = 'stopping';
    this.log.info('stopping: intake closed, draining');
    this.rules.stop();
    for (const t of this.timers) clearInterval(t);
    this.snapshotter.stop();
    // answer the requests whose events are already on their way into the log, then close
    await this.files.eventLog.drain();
    await closeGracefully(this.app, this.options.closeGraceMs ?? 1000);
    this.log.debug('http closed');
    const restored = await this.ready.then(() => true, () => false);
    await this.files.eventLog.drain();
    if (restored) await this.snapshotter.take('shutdown');
    await this.files.close();
    this.log.info({ lastSeq: this.files.eventLog.lastSeq }, 'stopped');
  }

  /** Each durable group goes through the engine at once, in sequence order. */
  private onDurable(records: readonly { seq: number; source: string; values: readonly object[] }[]): void {
    const now = Date.now();
    for (const r of records) {
      this.operator.process(batchOf(r), now);
      this.processedSeq = r.seq + r.values.length - 1;
    }
  }

  private async restoreAndRun(): Promise<void> {
    const r = await restore(this.operator, this.files.store, this.files.eventLog, this.log);
    this.processedSeq = this.files.eventLog.lastSeq;
    if (this.stopping) return;
    const tick = setInterval(() => this.operator.tick(Date.now()), this.options.tickMs ?? 1000);
    tick.unref();
    this.timers.push(tick);
    this.snapshotter.start(this.config.snapshotIntervalMs);
    this.rules.watch();
    this.intake.state = 'ready';
    this.log.info({ startupMs: Math.round(process.uptime() * 1000), replayedEvents: r.replayedEvents, alerts: this.files.alerts.size }, 'ready');
  }
}
