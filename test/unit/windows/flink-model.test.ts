// Property: on random streams (out of order, late events, control watermarks, several keys),
// the incremental window runtime fires exactly what a naive model of Flink's WindowOperator
// fires, with the same aggregates, revisions (fixed windows) and late drops. Covers slides that
// do not divide the size (panes of gcd width) and slides longer than the size (gaps).

import fc from 'fast-check';
import type { Alert } from '../../../src/engine/alert';
import { type Case, runInArrivalOrder } from './case-runner';
import { FlinkModel, type ModelAssigner, naiveAggregates } from './flink-model';

type Item = Record<string, unknown>;

interface Scenario {
  assigner: ModelAssigner;
  delay: number;
  lateness: number;
  items: Item[];
}

const AGGS = 'n = count(), total = sum(amount), mean = avg(amount), lo = min(amount), hi = max(amount), ' +
  'opening = first(amount), closing = last(amount), merchants = distinct_count(merchant)';

function rulesOf(s: Scenario): string {
  const w = s.assigner.kind === 'session'
    ? `session gap ${s.assigner.gap}ms`
    : s.assigner.size === s.assigner.slide
      ? `tumbling ${s.assigner.size}ms`
      : `sliding ${s.assigner.size}ms every ${s.assigner.slide}ms`;
  return `source events { watermark ${s.delay}ms lateness ${s.lateness}ms }\n` +
    `rule w { key key window ${w} aggregate ${AGGS} }\n`;
}

function runModel(s: Scenario): { firings: string[]; late: number } {
  const m = new FlinkModel(s.assigner, s.lateness);
  let maxTs = -Infinity;
  let late = 0;
  s.items.forEach((it, i) => {
    if (typeof it._watermark === 'number') {
      if (it._watermark > m.wm) m.processWatermark(it._watermark);
      return;
    }
    const time = it.ts as number;
    const used = m.processElement({ key: it.key as string, time, arrival: i, value: it as Record<string, unknown> });
    if (!used && time + s.lateness <= m.wm) late++;
    maxTs = Math.max(maxTs, time);
    const w = maxTs - s.delay - 1;
    if (w > m.wm) m.processWatermark(w);
  });
  m.processWatermark(Infinity);
  const fixed = s.assigner.kind === 'fixed';
  const firings = m.fired.map((f) =>
    JSON.stringify({ key: f.key, start: f.start, end: f.end, rev: fixed ? f.revision : null, fields: naiveAggregates(f.events) }));
  return { firings, late };
}

function runOurs(s: Scenario): { firings: string[]; late: number } {
  const c: Case = { id: 'prop', rules: rulesOf(s), events: s.items as Record<string, unknown>[], expect: [] };
  const { alerts, late } = runInArrivalOrder(c);
  const fixed = s.assigner.kind === 'fixed';
  const firings = alerts.map((a: Alert) =>
    JSON.stringify({ key: a.key, start: a.start, end: a.end, rev: fixed ? a.revision : null, fields: a.fields }));
  return { firings, late };
}

const assigner: fc.Arbitrary<ModelAssigner> = fc.oneof(
  fc.integer({ min: 1, max: 40 }).map((size) => ({ kind: 'fixed' as const, size, slide: size })),
  fc.record({ size: fc.integer({ min: 1, max: 40 }), slide: fc.integer({ min: 1, max: 40 }) })
    .map(({ size, slide }) => ({ kind: 'fixed' as const, size, slide })),
  fc.integer({ min: 1, max: 25 }).map((gap) => ({ kind: 'session' as const, gap })),
);

const item: fc.Arbitrary<Item> = fc.oneof(
  { weight: 12, arbitrary: fc.record({
    key: fc.constantFrom('k1', 'k2', 'k3'),
    ts: fc.integer({ min: -60, max: 300 }),
    amount: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 20 }) }, { weight: 1, arbitrary: fc.constant('x') }),
    merchant: fc.constantFrom('m1', 'm2', 'm3', 5, 5.0, null),
  }) },
  { weight: 1, arbitrary: fc.integer({ min: -60, max: 300 }).map((w) => ({ _watermark: w })) },
);

const scenario: fc.Arbitrary<Scenario> = fc.record({
  assigner,
  delay: fc.integer({ min: 0, max: 40 }),
  lateness: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60 })),
  items: fc.array(item, { minLength: 1, maxLength: 50 }),
});

test('the runtime fires what a naive Flink WindowOperator fires', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      s.items.forEach((it, i) => {
        if (typeof it._watermark !== 'number') it.id = `e${i + 1}`;
      });
      const model = runModel(s);
      const ours = runOurs(s);
      expect([...ours.firings].sort()).toEqual([...model.firings].sort());
      expect(ours.late).toBe(model.late);
    }),
    { numRuns: 600 },
  );
});
