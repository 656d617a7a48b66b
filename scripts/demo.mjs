#!/usr/bin/env node
// `npm run demo`: a realistic mixed stream with planted fraud, posted to a running Cepheus,
// then a summary of what it detected. See `node scripts/demo.mjs --help`.

import fs from 'node:fs';
import path from 'node:path';
import { MIN_MINUTES, PLANTS, STREAMS, generate } from './demo/generate.mjs';
import { runOffline } from './demo/offline.mjs';
import { printReport, score } from './demo/report.mjs';
import { Service, ServiceError } from './demo/service.mjs';

const HELP = `usage: node scripts/demo.mjs [options]

Generates card transactions, logins and payments for a few hundred people over the last
--minutes (normal traffic plus planted fraud of every kind in rules/), posts them to Cepheus
(POST /events?source=transactions|logins|payments), waits for the alerts and reports which
planted frauds were found.

  --url URL        the service (default: CEPHEUS_URL or http://127.0.0.1:8080);
                   CEPHEUS_API_TOKEN, when set, is sent as a bearer token
  --seed N         random seed (default 42): the same seed and start give the same events
  --minutes M      length of the stream (default 120, at least ${MIN_MINUTES}); it ends now
  --start TIME     start of the stream instead (ISO-8601 or epoch ms)
  --users N        how many people (default 400)
  --out DIR        also write DIR/<stream>.jsonl and DIR/planted.json (replay them with
                   node dist/src/cli.js run --rules rules/ --events DIR/logins.jsonl --stream logins)
  --no-post        only generate (with --out)
  --offline        no service: replay the streams through the built engine (npm run build)
  --rules DIR      rules for --offline (default rules/)
  --wait S         how long to wait for alerts (default 60)
  --batch N        events per request (default 500)
`;

const MIN = 60_000;

function parseArgs(argv) {
  const o = {
    url: process.env.CEPHEUS_URL || 'http://127.0.0.1:8080', token: process.env.CEPHEUS_API_TOKEN || '',
    seed: 42, minutes: 120, start: null, users: 400, out: null, post: true, offline: false,
    rules: 'rules', wait: 60, batch: 500,
  };
  const num = (name, v) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) fail(`--${name} needs a positive number, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : fail(`${a} needs a value`));
    switch (a) {
      case '--url': o.url = value(); break;
      case '--seed': o.seed = num('seed', value()); break;
      case '--minutes': o.minutes = num('minutes', value()); break;
      case '--users': o.users = num('users', value()); break;
      case '--start': {
        const v = value();
        o.start = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
        if (!Number.isFinite(o.start)) fail(`--start: not a time: ${v}`);
        break;
      }
      case '--out': o.out = value(); break;
      case '--no-post': o.post = false; break;
      case '--offline': o.offline = true; break;
      case '--rules': o.rules = value(); break;
      case '--wait': o.wait = num('wait', value()); break;
      case '--batch': o.batch = num('batch', value()); break;
      case '-h': case '--help': process.stdout.write(HELP); process.exit(0); break;
      default: fail(`unknown option ${a}\n\n${HELP}`);
    }
  }
  if (o.minutes < MIN_MINUTES) fail(`--minutes must be at least ${MIN_MINUTES}`);
  return o;
}

function fail(message) {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(2);
}

const log = (s) => process.stdout.write(`${s}\n`);
/** a progress line, rewritten in place on a terminal */
const progress = (s, done = false) => {
  if (process.stdout.isTTY) process.stdout.write(`\r${s}${done ? '\n' : ''}`);
  else if (done) log(s);
};
const iso = (ms) => new Date(ms).toISOString();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function writeFiles(dir, data, seed) {
  fs.mkdirSync(dir, { recursive: true });
  for (const name of STREAMS) {
    fs.writeFileSync(path.join(dir, `${name}.jsonl`), data.streams[name].map((e) => `${JSON.stringify(e)}\n`).join(''));
  }
  const planted = { seed, start: iso(data.start), end: iso(data.end), planted: data.planted };
  fs.writeFileSync(path.join(dir, 'planted.json'), `${JSON.stringify(planted, null, 2)}\n`);
  log(`wrote ${STREAMS.map((n) => `${n}.jsonl`).join(', ')} and planted.json to ${dir}`);
}

/**
 * The service's watermarks are event time and never go back; a service that has seen these
 * streams before (an earlier demo run, live traffic) has moved them to about now. A stream laid
 * out behind them would arrive late and be dropped, so start it just past the newest one.
 */
async function startAfterWatermarks(svc, start, now) {
  const marks = await svc.watermarks(now);
  const ahead = STREAMS.map((s) => marks.get(s)).filter((w) => w !== undefined && w >= start - 1000);
  if (ahead.length === 0) return start;
  // a minute of margin: the gauge may be a little behind the newest events
  const shifted = Math.ceil(Math.max(...ahead) / 1000) * 1000 + 60_000;
  log(`note: the service's watermark is already at ${iso(Math.max(...ahead))} (an earlier run?); the stream starts after it,`);
  log(`      at ${iso(shifted)}, so part of it lies in the future of the wall clock`);
  return shifted;
}

async function postAll(svc, data, batch) {
  const t0 = Date.now();
  let total = 0;
  // round robin over the streams, batch by batch, as three live feeds would arrive
  const cursors = STREAMS.map((name) => ({ name, events: data.streams[name], at: 0 }));
  while (cursors.some((c) => c.at < c.events.length)) {
    for (const c of cursors) {
      if (c.at >= c.events.length) continue;
      const chunk = c.events.slice(c.at, c.at + batch);
      await svc.post(c.name, chunk, batch);
      c.at += chunk.length;
      total += chunk.length;
    }
    progress(`  posted ${total} events`);
  }
  progress(`  posted ${total} events in ${((Date.now() - t0) / 1000).toFixed(1)} s`, true);
}

/** Polls GET /alerts until every planted fraud is found and nothing new came in, or time is up. */
async function waitForAlerts(svc, since, planted, waitS) {
  const deadline = Date.now() + waitS * 1000;
  let last = -1;
  let alerts = [];
  for (;;) {
    alerts = await svc.alertsSince(since);
    const { missed } = score(planted, alerts);
    const line = `  ${alerts.length} alerts so far, ${planted.length - missed.length}/${planted.length} planted frauds found`;
    if ((missed.length === 0 && alerts.length === last) || Date.now() >= deadline) {
      progress(line, true);
      return alerts;
    }
    progress(line);
    last = alerts.length;
    await sleep(2000);
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const now = Date.now();
  let start = o.start ?? now - 5000 - o.minutes * MIN;
  const svc = new Service(o.url, o.token);
  const online = o.post && !o.offline;
  if (online) {
    await svc.health();
    if (o.start === null) start = await startAfterWatermarks(svc, start, now);
  }
  const data = generate({ seed: o.seed, start, minutes: o.minutes, users: o.users });
  const counts = STREAMS.map((n) => `${data.streams[n].length} ${n}`).join(', ');
  log(`generated ${counts} from ${iso(data.start)} to ${iso(data.end)} (seed ${o.seed}), with ${data.planted.length} planted frauds`);
  if (o.out !== null) writeFiles(o.out, data, o.seed);
  const ruleNames = Object.keys(PLANTS);
  let alerts;
  if (o.offline) {
    const run = runOffline(o.rules, data.streams);
    const dl = Object.entries(run.deadLetters).map(([k, n]) => `${n} ${k}`).join(', ');
    log(`replayed through the engine offline: ${run.alerts.length} alerts${dl ? `, dead-lettered: ${dl}` : ''}`);
    alerts = run.alerts;
    ruleNames.push(...run.rules.filter((r) => !ruleNames.includes(r)));
  } else if (online) {
    log(`posting to ${svc.url}`);
    const since = Date.now() - 1000;
    const lateBefore = await svc.lateByRule();
    await postAll(svc, data, o.batch);
    alerts = await waitForAlerts(svc, since, data.planted, o.wait);
    const lateAfter = await svc.lateByRule();
    const late = [...lateAfter].reduce((n, [rule, v]) => n + v - (lateBefore.get(rule) ?? 0), 0);
    if (late > 0) log(`warning: the rules counted ${late} late events: the service's watermark was past part of this stream (see --start)`);
  } else {
    return 0;
  }
  const result = score(data.planted, alerts, ruleNames);
  printReport(result);
  if (result.missed.length > 0) {
    log(`\n${result.missed.length} planted fraud(s) not found: ${result.missed.map((p) => p.id).join(', ')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`demo: ${e instanceof ServiceError ? e.message : e.stack}\n`);
    process.exitCode = 1;
  },
);
