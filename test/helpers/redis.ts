// Real Redis servers for integration tests (never mocks). See doc/local-servers.md.
//
// - ensureSharedRedis(): the Redis at 127.0.0.1:6379 (or REDIS_URL), started by scripts/redis.sh
//   when nothing answers there. Use a random key prefix per test (randomKeyPrefix()).
// - startPrivateRedis(): a redis-server of the test's own, on a free port, with AOF on
//   (appendonly yes, appendfsync always) in a temp dir; stop()/kill()/restart() it to test
//   persistence and recovery, cleanup() at the end.
// Both throw when the server cannot be started, so the tests fail rather than skip.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const REDIS_SH = path.join(ROOT, 'scripts', 'redis.sh');
const HOST = '127.0.0.1';

export function randomKeyPrefix(name = 't'): string {
  return `cepheus-test:${name}:${Date.now().toString(36)}${randomBytes(4).toString('hex')}:`;
}

function runScript(args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', [REDIS_SH, ...args], { env, timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) reject(new Error(`scripts/redis.sh ${args.join(' ')} failed: ${(stderr || err.message).trim()}`));
      else resolve(stdout.trim());
    });
  });
}

let shared: Promise<string> | undefined;

/** The URL of a Redis that answers (REDIS_URL if set, else 127.0.0.1:6379 via scripts/redis.sh ensure). */
export function ensureSharedRedis(): Promise<string> {
  shared ??= (async () => {
    const fromEnv = process.env.REDIS_URL;
    if (fromEnv) {
      const u = new URL(fromEnv);
      await waitForPong(u.hostname, Number(u.port || 6379), 10000);
      return fromEnv;
    }
    const url = (await runScript(['ensure'], 5 * 60000)).split('\n').pop()!;
    if (!url.startsWith('redis://')) throw new Error(`scripts/redis.sh ensure printed no URL: ${url}`);
    return url;
  })();
  return shared;
}

/** Path of redis-server; installs it with scripts/redis.sh install (apt-get) if missing. */
async function redisServerBin(): Promise<string> {
  for (const p of [process.env.REDIS_SERVER, '/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    if (p && fs.existsSync(p)) return p;
  }
  return (await runScript(['install'], 5 * 60000)).split('\n').pop()!;
}

/** Replies of one PING over a raw socket; resolves true on +PONG. */
function pingOnce(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    let buf = '';
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1000, () => done(false));
    sock.once('error', () => done(false));
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('\r\n')) done(buf.startsWith('+PONG'));
    });
  });
}

async function waitForPong(host: string, port: number, timeoutMs: number, alive?: () => boolean): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await pingOnce(host, port)) return;
    if (alive && !alive()) throw new Error(`redis-server on ${host}:${port} exited during start`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no PONG from ${host}:${port} within ${timeoutMs} ms`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host: HOST, exclusive: true }, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface PrivateRedis {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  /** The data directory (appendonlydir/ lives here). */
  readonly dir: string;
  readonly logFile: string;
  readonly running: boolean;
  /** Graceful stop (SIGTERM: Redis fsyncs the AOF and exits). */
  stop(): Promise<void>;
  /** Crash: SIGKILL, no chance to flush anything (appendfsync always makes writes durable anyway). */
  kill(): Promise<void>;
  /** Start again on the same port and directory (stops it first if it runs); data is reloaded from the AOF. */
  restart(opts?: { crash?: boolean }): Promise<void>;
  /** Stop and delete the directory. */
  cleanup(): Promise<void>;
}

export interface PrivateRedisOptions {
  /** Extra redis-server arguments, e.g. ['--maxmemory', '10mb']. */
  args?: string[];
  startTimeoutMs?: number;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Starts a private redis-server with AOF on (appendonly yes, appendfsync always) in a temp dir. */
export async function startPrivateRedis(opts: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const bin = await redisServerBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cepheus-redis-'));
  const logFile = path.join(dir, 'redis.log');
  const port = await freePort();
  const timeout = opts.startTimeoutMs ?? 15000;
  let child: ChildProcess | undefined;

  const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
  const logTail = () => {
    try {
      return fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
    } catch {
      return '';
    }
  };

  async function start(): Promise<void> {
    const out = fs.openSync(logFile, 'a');
    const args = [
      '--bind', HOST, '--port', String(port), '--protected-mode', 'yes', '--daemonize', 'no',
      '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '',
      ...(opts.args ?? []),
    ];
    const c = spawn(bin, args, { cwd: dir, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    child = c;
    live.add(c);
    c.once('exit', () => live.delete(c));
    try {
      await waitForPong(HOST, port, timeout, () => !exited(c));
    } catch (e) {
      c.kill('SIGKILL');
      throw new Error(`private redis-server (${bin}) on ${HOST}:${port} did not start: ${(e as Error).message}\n${logTail()}`);
    }
  }

  async function halt(signal: NodeJS.Signals): Promise<void> {
    const c = child;
    child = undefined;
    if (!c || exited(c)) return;
    const gone = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill(signal);
    const timer = setTimeout(() => c.kill('SIGKILL'), 10000);
    await gone;
    clearTimeout(timer);
  }

  await start();
  return {
    host: HOST,
    port,
    url: `redis://${HOST}:${port}`,
    dir,
    logFile,
    get running() {
      return !!child && !exited(child);
    },
    stop: () => halt('SIGTERM'),
    kill: () => halt('SIGKILL'),
    async restart({ crash = false } = {}) {
      await halt(crash ? 'SIGKILL' : 'SIGTERM');
      await start();
    },
    async cleanup() {
      await halt('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
