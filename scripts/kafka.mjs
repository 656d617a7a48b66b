#!/usr/bin/env node
// A real Apache Kafka broker (KRaft, one process acting as broker and controller) for tests and
// local runs, from Maven Central jars and plain `java` -- no Docker. See doc/local-servers.md.
//
//   node scripts/kafka.mjs up      fetch jars (first run), format, start detached, wait until it answers;
//                                  prints the bootstrap address (alone) on stdout, exit 0
//   node scripts/kafka.mjs down    graceful stop (SIGTERM, then SIGKILL); exit 0 if not running
//   node scripts/kafka.mjs status  exit 0 and print the bootstrap address if our broker answers, else 1
//   node scripts/kafka.mjs fetch   only fetch the jars into .kafka/libs
//   node scripts/kafka.mjs clean   down, then delete .kafka/data and the logs (keeps the jars)
//
// Environment: KAFKA_PORT (client port, default 9092), KAFKA_CONTROLLER_PORT (default: a free port),
// KAFKA_KEEP_DATA=1 (reuse the data of the previous run instead of formatting afresh),
// KAFKA_AUTO_CREATE_TOPICS (default true), KAFKA_HEAP_OPTS (default "-Xms512m -Xmx512m"),
// KAFKA_START_TIMEOUT_MS (default 60000), KAFKA_MAVEN_REPO (a Maven local repository to use),
// KAFKA_DIR (default <repo>/.kafka), JAVA_HOME.
// Human messages go to stderr, prefixed "kafka:"; stdout carries only the bootstrap address.

import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOME = path.resolve(process.env.KAFKA_DIR || path.join(ROOT, '.kafka'));
const POM = path.join(ROOT, 'scripts', 'kafka', 'pom.xml');
const LOG4J = path.join(ROOT, 'scripts', 'kafka', 'log4j2.properties');
const F = {
  libs: path.join(HOME, 'libs'),
  stamp: path.join(HOME, 'libs', '.fetched'),
  data: path.join(HOME, 'data'),
  logDirs: path.join(HOME, 'data', 'logs'),
  ports: path.join(HOME, 'data', 'ports.json'),
  props: path.join(HOME, 'server.properties'),
  log: path.join(HOME, 'broker.log'),
  formatLog: path.join(HOME, 'format.log'),
  pid: path.join(HOME, 'broker.pid'),
  state: path.join(HOME, 'broker.json'),
  lock: path.join(HOME, 'up.lock'),
};
const HOST = '127.0.0.1';
const PORT = intEnv('KAFKA_PORT', 9092);
const START_TIMEOUT_MS = intEnv('KAFKA_START_TIMEOUT_MS', 60000);
const STOP_TIMEOUT_MS = 30000;
const READY_LINE = 'Kafka Server started';
const rel = (p) => path.relative(process.cwd(), p) || '.';

function intEnv(name, dflt) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) die(`${name}=${raw} is not a TCP port number`);
  return n;
}

function say(msg) {
  process.stderr.write(`kafka: ${msg}\n`);
}

function tail(file, lines = 40) {
  try {
    const text = fs.readFileSync(file, 'utf8').trimEnd();
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function die(reason, logFile) {
  process.stderr.write(`kafka: ERROR: ${reason}\n`);
  const t = logFile ? tail(logFile) : '';
  if (t) process.stderr.write(`--- last lines of ${rel(logFile)} ---\n${t}\n--- end ---\n`);
  process.exit(1);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- processes

function procState(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== 'EPERM') return false;
  }
  return procState(pid) !== 'Z'; // a zombie has exited; nobody reaped it yet
}

function isOurBroker(pid) {
  if (!isAlive(pid)) return false;
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmd.includes('kafka.Kafka') && cmd.includes(F.props);
  } catch {
    return true; // no /proc: trust the pid file
  }
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function writeJson(file, value) {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

function forgetBroker() {
  fs.rmSync(F.pid, { force: true });
  fs.rmSync(F.state, { force: true });
}

function runningBroker() {
  const state = readJson(F.state);
  const pid = Number(state?.pid ?? (fs.existsSync(F.pid) ? fs.readFileSync(F.pid, 'utf8').trim() : 0));
  if (pid && isOurBroker(pid)) return { ...state, pid };
  if (pid || state) forgetBroker(); // stale files from a broker that is gone
  return null;
}

// Serialises concurrent `up`s (e.g. several jest workers) on one machine.
async function withLock(fn) {
  fs.mkdirSync(HOME, { recursive: true });
  const deadline = Date.now() + 10 * 60000;
  for (;;) {
    try {
      fs.writeFileSync(F.lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const owner = Number(fs.readFileSync(F.lock, 'utf8').trim() || 0);
      if (!owner || !isAlive(owner)) {
        fs.rmSync(F.lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) die(`another "kafka.mjs up" (pid ${owner}) holds ${rel(F.lock)} for too long`);
      await sleep(250);
    }
  }
  const release = () => {
    try {
      if (fs.readFileSync(F.lock, 'utf8').trim() === String(process.pid)) fs.rmSync(F.lock, { force: true });
    } catch {}
  };
  process.on('exit', release);
  try {
    return await fn();
  } finally {
    release();
  }
}

// ---------------------------------------------------------------- network

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: HOST, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host: HOST, exclusive: true }, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function tcpAnswers(port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: HOST });
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

let kafkajs;
async function loadKafkajs() {
  if (kafkajs === undefined) {
    try {
      const mod = await import('kafkajs');
      kafkajs = mod.default ?? mod;
    } catch {
      kafkajs = null;
    }
  }
  return kafkajs;
}

// True when a Kafka broker answers a metadata request at 127.0.0.1:port (kafkajs describeCluster).
// Without kafkajs installed, falls back to a TCP connect.
async function kafkaAnswers(port, timeoutMs = 2000) {
  const k = await loadKafkajs();
  if (!k) return tcpAnswers(port, timeoutMs);
  const client = new k.Kafka({
    clientId: 'cepheus-kafka-script',
    brokers: [`${HOST}:${port}`],
    logLevel: k.logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = client.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

// ---------------------------------------------------------------- java and maven

function javaBin() {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

function checkJava() {
  const r = spawnSync(javaBin(), ['-version'], { encoding: 'utf8' });
  if (r.error) die(`cannot run "${javaBin()}" (${r.error.code}): install a JDK 17 or newer (apt-get install -y openjdk-17-jre-headless) or set JAVA_HOME`);
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : 0;
  if (major < 17) die(`Kafka 4 needs Java 17 or newer; "${javaBin()} -version" says: ${(r.stderr || r.stdout).split('\n')[0]}`);
}

function kafkaVersion() {
  return /<kafka\.version>([^<]+)</.exec(fs.readFileSync(POM, 'utf8'))?.[1] ?? '?';
}

function pomDigest() {
  return createHash('sha256').update(fs.readFileSync(POM)).digest('hex');
}

function fetchJars() {
  const digest = pomDigest();
  if (readJson(F.stamp)?.pom === digest) return false;
  const mvn = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (mvn.error) die(`the Kafka jars are not in ${rel(F.libs)} yet and "mvn" cannot be run (${mvn.error.code}): install Maven (apt-get install -y maven)`);
  const t0 = Date.now();
  say(`fetching Apache Kafka ${kafkaVersion()} jars with Maven into ${rel(F.libs)} (first run only) ...`);
  const tmp = `${F.libs}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const args = ['-B', '-q', '-f', POM, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${tmp}`];
  if (process.env.KAFKA_MAVEN_REPO) args.push(`-Dmaven.repo.local=${path.resolve(process.env.KAFKA_MAVEN_REPO)}`);
  const r = spawnSync('mvn', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    const out = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-30).join('\n');
    process.stderr.write(`--- mvn output ---\n${out}\n--- end ---\n`);
    die(`Maven could not fetch the Kafka jars (mvn exit ${r.status}); see the output above`);
  }
  const jars = fs.readdirSync(tmp).filter((f) => f.endsWith('.jar'));
  if (!jars.some((f) => f.startsWith('kafka_2.13-'))) die(`Maven ran but ${rel(tmp)} holds no kafka_2.13 jar`);
  fs.rmSync(F.libs, { recursive: true, force: true });
  fs.renameSync(tmp, F.libs);
  writeJson(F.stamp, { pom: digest, kafka: kafkaVersion(), jars: jars.length, at: new Date().toISOString() });
  say(`fetched ${jars.length} jars in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return true;
}

// ---------------------------------------------------------------- broker config

function serverProperties(port, cport) {
  const autoCreate = !/^(0|false|no)$/i.test(process.env.KAFKA_AUTO_CREATE_TOPICS ?? 'true');
  return `# Written by scripts/kafka.mjs for each start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${HOST}:${cport}
listeners=PLAINTEXT://${HOST}:${port},CONTROLLER://${HOST}:${cport}
advertised.listeners=PLAINTEXT://${HOST}:${port}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=${F.logDirs}
num.network.threads=2
num.io.threads=4
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=${autoCreate}
delete.topic.enable=true
# single node: internal topics with one replica and one partition (fast first group / transaction)
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
offsets.topic.segment.bytes=8388608
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
transaction.state.log.segment.bytes=8388608
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# small segments and indexes: a test broker holds little data
log.segment.bytes=8388608
log.index.size.max.bytes=1048576
log.retention.hours=24
log.retention.check.interval.ms=60000
log.cleaner.dedupe.buffer.size=16777216
`;
}

// 22 characters of base64url, as StorageTool random-uuid prints; like Kafka's Uuid.randomUuid, never
// starting with '-' (the format command would read it as an option).
function clusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (id[0] !== '-') return id;
  }
}

function javaClasspath() {
  return `${F.libs}${path.sep}*`;
}

function formatStorage() {
  const args = [`-Dlog4j2.configurationFile=${LOG4J}`, '-cp', javaClasspath(), 'kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', F.props];
  const r = spawnSync(javaBin(), args, { encoding: 'utf8' });
  fs.writeFileSync(F.formatLog, `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`);
  if (r.status !== 0) die(`formatting the KRaft storage in ${rel(F.logDirs)} failed (exit ${r.status})`, F.formatLog);
}

// ---------------------------------------------------------------- commands

async function waitReady(child, port) {
  let exit = null;
  child.on('exit', (code, signal) => (exit = { code, signal }));
  const t0 = Date.now();
  while (Date.now() - t0 < START_TIMEOUT_MS) {
    if (exit || !isAlive(child.pid)) {
      const how = exit ? (exit.signal ? `signal ${exit.signal}` : `exit ${exit.code}`) : 'gone';
      const firstError = tail(F.log, 400).split('\n').find((l) => /\b(ERROR|FATAL)\b|Exception|^Error/.test(l));
      forgetBroker();
      die(`the broker stopped during start (${how})${firstError ? `: ${firstError.trim().slice(0, 300)}` : ''}`, F.log);
    }
    const logged = tail(F.log, 400).includes(READY_LINE);
    if ((logged || Date.now() - t0 > 1500) && (await kafkaAnswers(port, 1000))) return Date.now() - t0;
    await sleep(200);
  }
  try {
    process.kill(child.pid, 'SIGKILL');
  } catch {}
  forgetBroker();
  die(`the broker did not answer at ${HOST}:${port} within ${START_TIMEOUT_MS / 1000} s (killed it)`, F.log);
}

async function up() {
  await withLock(async () => {
    const bootstrap = `${HOST}:${PORT}`;
    const running = runningBroker();
    if (running) {
      if ((running.port ?? PORT) !== PORT) die(`our broker already runs at ${HOST}:${running.port} (pid ${running.pid}), but KAFKA_PORT asks for ${PORT}: run "npm run kafka:down" first`);
      const t0 = Date.now();
      while (!(await kafkaAnswers(PORT, 1000))) {
        if (!isAlive(running.pid)) die(`the broker (pid ${running.pid}) died while being checked`, F.log);
        if (Date.now() - t0 > START_TIMEOUT_MS) die(`the broker (pid ${running.pid}) runs but does not answer at ${bootstrap}`, F.log);
        await sleep(250);
      }
      say(`already running (pid ${running.pid}) and answering at ${bootstrap}; logs: ${rel(F.log)}`);
      process.stdout.write(`${bootstrap}\n`);
      return;
    }
    if (!(await portFree(PORT))) {
      if (await kafkaAnswers(PORT, 3000)) {
        say(`a Kafka broker that this script did not start already answers at ${bootstrap}: using it ("kafka:down" will not stop it)`);
        process.stdout.write(`${bootstrap}\n`);
        return;
      }
      die(`port ${PORT} on ${HOST} is taken by another process that is not a Kafka broker: free it or set KAFKA_PORT`);
    }
    checkJava();
    fetchJars();

    const keep = process.env.KAFKA_KEEP_DATA === '1' && fs.existsSync(path.join(F.logDirs, 'meta.properties'));
    let cport = Number(process.env.KAFKA_CONTROLLER_PORT) || 0;
    if (keep) {
      const prev = readJson(F.ports);
      if (prev && prev.port !== PORT) die(`KAFKA_KEEP_DATA=1: the data in ${rel(F.data)} belongs to a broker on port ${prev.port}, not ${PORT}`);
      cport = cport || prev?.controllerPort || 0;
    } else {
      fs.rmSync(F.data, { recursive: true, force: true });
    }
    if (!cport) cport = await freePort();
    else if (!(await portFree(cport))) die(`the controller port ${cport} on ${HOST} is taken by another process`);
    fs.mkdirSync(F.logDirs, { recursive: true });
    writeJson(F.ports, { port: PORT, controllerPort: cport });
    fs.writeFileSync(F.props, serverProperties(PORT, cport));

    const t0 = Date.now();
    if (!keep) formatStorage();
    if (fs.existsSync(F.log)) fs.renameSync(F.log, `${F.log}.1`);
    const out = fs.openSync(F.log, 'a');
    const heap = (process.env.KAFKA_HEAP_OPTS || '-Xms512m -Xmx512m').split(/\s+/).filter(Boolean);
    const jvm = [...heap, '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true', `-Dlog4j2.configurationFile=${LOG4J}`];
    const child = spawn(javaBin(), [...jvm, '-cp', javaClasspath(), 'kafka.Kafka', F.props], {
      cwd: HOME,
      detached: true, // own session: survives this script and its terminal
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    if (!child.pid) die(`could not start ${javaBin()}`);
    fs.writeFileSync(F.pid, `${child.pid}\n`);
    writeJson(F.state, { pid: child.pid, port: PORT, controllerPort: cport, bootstrap, kafka: kafkaVersion(), startedAt: new Date().toISOString() });
    const ms = await waitReady(child, PORT);
    child.unref();
    say(`Apache Kafka ${kafkaVersion()} started (pid ${child.pid}, controller port ${cport}) in ${((Date.now() - t0) / 1000).toFixed(1)} s (answering after ${(ms / 1000).toFixed(1)} s of JVM); logs: ${rel(F.log)}`);
    process.stdout.write(`${bootstrap}\n`);
  });
}

async function down() {
  const running = runningBroker();
  if (!running) {
    say('not running');
    return;
  }
  const { pid } = running;
  const t0 = Date.now();
  say(`stopping the broker (pid ${pid}) ...`);
  const waitGone = async (ms) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!isAlive(pid)) return true;
      await sleep(100);
    }
    return !isAlive(pid);
  };
  try {
    process.kill(pid, 'SIGTERM');
  } catch {}
  if (!(await waitGone(STOP_TIMEOUT_MS))) {
    say(`no exit ${STOP_TIMEOUT_MS / 1000} s after SIGTERM: sending SIGKILL`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
    if (!(await waitGone(10000))) die(`the broker (pid ${pid}) survived SIGKILL`);
  }
  forgetBroker();
  say(`stopped in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function status() {
  const running = runningBroker();
  if (running && (await kafkaAnswers(running.port, 2000))) {
    say(`running (pid ${running.pid}), answering at ${HOST}:${running.port}`);
    process.stdout.write(`${HOST}:${running.port}\n`);
    return 0;
  }
  say(running ? `pid ${running.pid} runs but does not answer at ${HOST}:${running.port}` : 'not running');
  return 1;
}

async function clean() {
  await down();
  for (const p of [F.data, F.log, `${F.log}.1`, F.formatLog, F.props]) fs.rmSync(p, { recursive: true, force: true });
  say(`removed the data and logs under ${rel(HOME)} (kept the jars)`);
}

const commands = {
  up,
  down,
  status,
  clean,
  fetch: async () => {
    checkJava();
    fs.mkdirSync(HOME, { recursive: true });
    if (!fetchJars()) say(`jars already in ${rel(F.libs)}`);
  },
};
const cmd = process.argv[2];
if (!commands[cmd]) {
  process.stderr.write(`usage: node scripts/kafka.mjs ${Object.keys(commands).join('|')}\n`);
  process.exit(2);
}
try {
  const code = await commands[cmd]();
  process.exit(typeof code === 'number' ? code : 0);
} catch (e) {
  die(`${cmd} failed: ${e?.stack ?? e}`);
}
