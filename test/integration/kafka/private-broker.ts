// A Kafka broker of the test's own (scripts/kafka.mjs with its own KAFKA_DIR and port, the jars
// shared with the usual .kafka/libs), for tests that restart the broker without disturbing the
// broker every other test uses.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureKafka } from '../../helpers/kafka';

const ROOT = path.resolve(__dirname, '../../..');

export interface PrivateBroker {
  brokers: string[];
  /** SIGTERM, then start again on the same data and port */
  restart(downMs?: number): Promise<void>;
  cleanup(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startPrivateBroker(): Promise<PrivateBroker> {
  await ensureKafka(); // makes sure the jars are fetched
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cepheus-kafka-'));
  fs.symlinkSync(path.join(ROOT, '.kafka', 'libs'), path.join(dir, 'libs'));
  const port = await freePort();
  const env = { ...process.env, KAFKA_DIR: dir, KAFKA_PORT: String(port), KAFKA_HEAP_OPTS: '-Xms256m -Xmx256m' };
  const run = (cmd: string, extra: Record<string, string> = {}) =>
    new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [path.join(ROOT, 'scripts/kafka.mjs'), cmd], { cwd: ROOT, env: { ...env, ...extra }, timeout: 90_000 }, (err, out, errOut) => {
        if (err) reject(new Error(`kafka.mjs ${cmd} failed: ${errOut}`));
        else resolve(out.trim());
      });
    });
  const bootstrap = (await run('up')).split('\n').pop() as string;
  return {
    brokers: [bootstrap],
    async restart(downMs = 0) {
      await run('down');
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await run('up', { KAFKA_KEEP_DATA: '1' });
    },
    async cleanup() {
      await run('down').catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
