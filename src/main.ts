// `cepheus serve` / `npm start`: the rules service. Reads the settings, starts the embedded
// service (src/service/embedded-service.ts), or with KAFKA_BROKERS and REDIS_URL the Kafka mode
// (src/cluster/kafka-service.ts), and stops it gracefully on SIGTERM or SIGINT: intake
// closed, requests answered, log drained, snapshot written, exit 0. Anything that stops the start
// is one line on stderr and exit code 1.

import { type Config, loadConfig } from './config';
import { CepheusError } from './errors';
import { createRootLogger } from './log';
import { type RunningService, startEmbeddedService } from './service/embedded-service';
import { startKafkaService } from './cluster/kafka-service';

export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (e) {
    return failed(e);
  }
  const root = createRootLogger(config.logLevel);
  let service: RunningService;
  try {
    // KAFKA_BROKERS or REDIS_URL set: the Kafka mode (it refuses to start unless both are)
    const kafkaMode = config.kafkaBrokers !== null || config.redisUrl !== null;
    service = kafkaMode ? await startKafkaService(config, root, { env }) : await startEmbeddedService(config, root);
  } catch (e) {
    return failed(e);
  }
  const outcome = await Promise.race([stopSignal(), service.ready.then(() => new Promise<never>(() => {}), (e: Error) => e)]);
  if (outcome instanceof Error) {
    await service.stop().catch(() => {});
    return failed(outcome);
  }
  root.info({ module: 'service', signal: outcome }, 'signal received');
  // a second signal while draining means "now"
  const force = () => process.exit(1);
  process.once('SIGTERM', force).once('SIGINT', force);
  try {
    await service.stop();
  } catch (e) {
    root.fatal({ err: e }, 'graceful stop failed');
    return 1;
  }
  exitSoon(0);
  return 0;
}

function failed(e: unknown): number {
  const message = e instanceof CepheusError ? e.message : ((e as Error)?.stack ?? String(e));
  process.stderr.write(`cepheus serve: ${message.split('\n')[0]}\n`);
  exitSoon(1);
  return 1;
}

function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}

/** A handle some library left open must not keep a stopped service alive. */
function exitSoon(code: number): void {
  setTimeout(() => process.exit(code), 2000).unref();
}
