// The kill -9 tests' input and rules: deterministic events that open and close partial matches,
// time some out, and fill tumbling windows, so a lost or doubled alert, a lost partial match or
// window, or a double-counted event all show up as a different alert set.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Alert } from '../../../src/engine/alert';
import { CLI } from '../../fixtures/service/child';
import { consume } from '../../helpers/kafka';

export const FLUSH_KEY = 'zz-flush';

export function crashRules(topic: string): string {
  return `
source tx {
  topic "${topic}"
  time ts
  watermark 0ms
}

rule seq {
  from tx
  key user
  pattern a -> b -> c
  where
    a: type == "a"
    b: type == "b" and amount > a.amount
    c: type == "c"
  within 4s
  emit { user: key, total: a.amount + b.amount }
  on timeout emit { user: key }
}

rule win {
  from tx
  key user
  window tumbling 10s
  aggregate n = count(), total = sum(amount)
  having n >= 4
}
`;
}

/**
 * `n` events of 30 users 40 ms apart, then far-future events (one per partition: `flushKeys`)
 * that move the watermark past everything.
 */
export function crashEvents(n: number, seed = 7, flushKeys: readonly string[] = [FLUSH_KEY]): Record<string, unknown>[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const types = ['a', 'b', 'c', 'd'];
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    out.push({ ts: 1_000_000 + i * 40, user: `u${Math.floor(rnd() * 30)}`, type: types[Math.floor(rnd() * 4)], amount: Math.floor(rnd() * 100), i });
  }
  for (const user of flushKeys) out.push({ ts: 1_000_000 + n * 40 + 3_600_000, user, type: 'z', amount: 0, i: n });
  return out;
}

/** What `cepheus run` makes of the events, without the flush key's own window. */
export function expectedAlerts(rules: string, events: readonly object[]): Alert[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cepheus-expect-'));
  try {
    fs.writeFileSync(path.join(dir, 'rules.cep'), rules);
    fs.writeFileSync(path.join(dir, 'events.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const out = execFileSync(process.execPath, [CLI, 'run', '--rules', dir, '--events', path.join(dir, 'events.jsonl'), '--stream', 'tx'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    return out.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Alert).filter((a) => !String(a.key).startsWith(FLUSH_KEY));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What an alert says, apart from its id (derived from positions: line numbers vs offsets) and detection time. */
export function signature(a: Alert): string {
  return JSON.stringify([a.rule, a.kind, a.key, a.start, a.end, a.revision ?? 0, a.events, a.fields]);
}

export function countBy<T>(xs: readonly T[], f: (x: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(f(x), (m.get(f(x)) ?? 0) + 1);
  return m;
}

/**
 * Reads the alert topic until every wanted alert has been on it (failing with how many were
 * seen and a few that were not), then reads it once more after a pause, so that alerts produced
 * after the last wanted one show too; returns everything on the topic.
 */
export async function alertsOnTopic(brokers: string[], topic: string, want: readonly Alert[], timeoutMs: number): Promise<Alert[]> {
  const wanted = new Set(want.map(signature));
  const seen = new Set<string>();
  const first = await consume(brokers, topic, {
    until: (m) => {
      const s = signature(JSON.parse(m.value as string) as Alert);
      if (wanted.has(s)) seen.add(s);
      return seen.size === wanted.size;
    },
    timeoutMs,
  }).catch((e: Error) => {
    const missing = [...wanted].filter((s) => !seen.has(s)).slice(0, 3).join(' | ');
    throw new Error(`${e.message}: ${seen.size} of ${wanted.size}; missing e.g. ${missing}`);
  });
  const rest = await consume(brokers, topic, { timeoutMs: 1500 });
  return (rest.length >= first.length ? rest : first).map((m) => JSON.parse(m.value as string) as Alert);
}

/** The alerts, each id once, as a sorted multiset of what they say: comparable with `cepheus run`. */
export function alertSet(alerts: readonly Alert[], distinctIds = true): [string, number][] {
  const list = distinctIds ? [...new Map(alerts.map((a) => [a.id, a])).values()] : alerts;
  return [...countBy(list, signature)].sort();
}
