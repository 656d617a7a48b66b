// Event time and watermarks (LANGUAGE.md 7, 3 `source`, 13): the source's watermark, event-time
// ordering, late and time-less events, ISO times, nested time paths, control watermarks, the end
// of input and idle sources.

import { ev, evs, harness } from '../../fixtures/runtime/harness';

const single = (source = '') => `${source}
rule one { pattern a where a: type == "a" emit { t: time(a) } }`;

describe('watermark = max event time - delay - 1ms', () => {
  test('the source watermark follows the newest event time', () => {
    const h = harness(single('source events { watermark 10ms }'));
    const src = h.engine.sources.get('events')!;
    expect(src.watermark.value).toBe(-Infinity);
    h.send(ev('a1', 100, { type: 'a' }));
    expect(src.watermark.value).toBe(89);
    h.send(ev('a2', 50, { type: 'a' })); // older: the watermark never goes back
    expect(src.watermark.value).toBe(89);
    h.send(ev('a3', 120, { type: 'a' }));
    expect(src.watermark.value).toBe(109);
  });

  test('with several partitions, the source watermark is the minimum over them', () => {
    const h = harness(single('source events { watermark 10ms }'));
    const src = h.engine.sources.get('events')!;
    h.engine.ingest('events', ev('p0', 100), '1', 'p0');
    expect(src.watermark.value).toBe(89);
    h.engine.ingest('events', ev('p1', 50), '2', 'p1');
    expect(src.watermark.value).toBe(89); // never back
    h.engine.ingest('events', ev('p0b', 200), '3', 'p0');
    expect(src.watermark.value).toBe(89); // p1 holds it
    h.engine.ingest('events', ev('p1b', 150), '4', 'p1');
    expect(src.watermark.value).toBe(139);
  });

  test('an event is processed once the watermark reaches its time, not before', () => {
    const h = harness(single('source events { watermark 10ms }'));
    h.send(ev('a1', 100, { type: 'a' }));
    h.send(ev('x', 110));
    expect(h.takeShort()).toEqual([]); // watermark 99
    h.send(ev('y', 111)); // watermark 100
    expect(h.takeShort()).toEqual(['match a=a1']);
  });

  test('with watermark 0ms an event is processed when the next later event arrives', () => {
    const h = harness(single());
    h.send(ev('a1', 5, { type: 'a' }));
    expect(h.takeShort()).toEqual([]); // watermark 4
    h.send(ev('a2', 5, { type: 'a' })); // same time: still on time, watermark still 4
    expect(h.takeShort()).toEqual([]);
    expect(h.rt().counters.late).toBe(0);
    h.send(ev('x', 6));
    expect(h.takeShort()).toEqual(['match a=a1', 'match a=a2']);
  });
});

describe('event-time order', () => {
  const strict = `source events { watermark 10ms }
rule ab { pattern a b where a: type == "a" b: type == "b" }`;

  test('out-of-order events within the delay are reordered before the rule sees them', () => {
    const h = harness(strict);
    h.send(...evs('b1@5 a1@3'));
    h.finish();
    expect(h.takeShort()).toEqual(['match a=a1;b=b1']);
  });

  test('the same events in the arrival order without delay do not match a strict pattern', () => {
    // guard for the test above: with `watermark 0ms`, a1@3 arrives late and is dropped
    const h = harness(strict.replace('10ms', '0ms'));
    h.send(...evs('b1@5 a1@3'));
    h.finish();
    expect(h.takeShort()).toEqual([]);
    expect(h.rt().counters.late).toBe(1);
  });

  test('events of the same time keep their arrival order', () => {
    const h = harness(strict);
    h.send(...evs('a1@7 b1@7 b2@4 a2@4'));
    h.finish();
    // by time: b2@4 a2@4 a1@7 b1@7 → a2 is followed by a1 (not b): one match [a1 b1]
    expect(h.takeShort()).toEqual(['match a=a1;b=b1']);
    const h2 = harness(strict);
    h2.send(...evs('b1@7 a1@7 a2@4 b2@4'));
    h2.finish();
    // a2@4 b2@4 b1@7 a1@7 → [a2 b2]
    expect(h2.takeShort()).toEqual(['match a=a2;b=b2']);
  });

  test('a single-step rule emits in event-time order, ties by arrival', () => {
    const h = harness(`source events { watermark 1h } rule s { pattern s }`);
    h.send(ev('x', 30), ev('y', 10), ev('z', 30), ev('w', 10), ev('v', 20));
    h.finish();
    expect(h.takeShort()).toEqual(['match s=y', 'match s=w', 'match s=v', 'match s=x', 'match s=z']);
  });
});

describe('late events', () => {
  const two = `rule one { pattern a where a: type == "a" }
rule two { pattern a -> b where a: type == "a" b: type == "b" }`;

  test('an event at or below the watermark is dropped by pattern rules, counted per rule, dead-lettered as late', () => {
    const h = harness(two);
    h.send(...evs('a1@10 b1@20'));
    h.send(...evs('a2@19 b2@19')); // watermark 19: both late
    h.send(...evs('b3@21'));
    h.finish();
    expect(h.takeShort()).toEqual(['match a=a1', 'match a=a1;b=b1']);
    expect(h.rt('one').counters.late).toBe(2);
    expect(h.rt('two').counters.late).toBe(2);
    expect(h.dead.map((d) => [d.reason, d.rule, d.pos, (d.value as { id: string }).id])).toEqual([
      ['late', 'one', '3', 'a2'],
      ['late', 'two', '3', 'a2'],
      ['late', 'one', '4', 'b2'],
      ['late', 'two', '4', 'b2'],
    ]);
    expect(h.dead.every((d) => d.source === 'events')).toBe(true);
  });

  test('a late event is not taken by any partial match', () => {
    const h = harness(two);
    h.send(...evs('a1@10 x@30'));
    h.send(...evs('b1@29')); // late: would have completed [a1 b1]
    h.finish();
    expect(h.takeShort()).toEqual(['match a=a1']);
    expect(h.rt('two').counters.late).toBe(1);
    expect(h.rt('two').counters.matches).toBe(0);
  });

  test('the first event time equal to the watermark + 1 is on time', () => {
    const h = harness('source events { watermark 5ms } rule one { pattern a }');
    h.send(ev('x', 100)); // watermark 94
    h.send(ev('y', 95), ev('z', 94));
    h.finish();
    expect(h.takeShort()).toEqual(['match a=y', 'match a=x']);
    expect(h.dead.map((d) => (d.value as { id: string }).id)).toEqual(['z']);
  });
});

describe('event time values', () => {
  test('missing or unparsable times go to the dead-letter output as no-time', () => {
    const h = harness(single());
    const bad = [
      { id: 'missing', type: 'a' },
      { id: 'null', type: 'a', ts: null },
      { id: 'bool', type: 'a', ts: true },
      { id: 'word', type: 'a', ts: 'yesterday' },
      { id: 'empty', type: 'a', ts: '' },
      { id: 'digits', type: 'a', ts: '1700000000000' },
      { id: 'month13', type: 'a', ts: '2024-13-01T00:00:00Z' },
      { id: 'feb30', type: 'a', ts: '2024-02-30T00:00:00Z' },
      { id: 'feb30-basic', type: 'a', ts: '20240230' },
      { id: 'mixed-format', type: 'a', ts: '20240301T10:00:00Z' },
      // forms Date.parse accepts but ISO-8601 does not have
      { id: 'rfc2822', type: 'a', ts: 'Fri, 01 Mar 2024 10:00:00 GMT' },
      { id: 'us-date', type: 'a', ts: '03/01/2024' },
      { id: 'words', type: 'a', ts: 'March 1, 2024' },
      { id: 'object', type: 'a', ts: { ms: 5 } },
      { id: 'array', type: 'a', ts: [5] },
    ];
    h.send(...bad);
    // they do not touch the watermark
    expect(h.engine.sources.get('events')!.watermark.value).toBe(-Infinity);
    h.finish();
    expect(h.alerts).toEqual([]);
    expect(h.dead.map((d) => [d.reason, d.rule, (d.value as { id: string }).id])).toEqual(
      bad.map((b) => ['no-time', null, b.id]),
    );
    expect(h.engine.sources.get('events')!.counters.noTime).toBe(bad.length);
    expect(h.engine.sources.get('events')!.counters.events).toBe(0);
  });

  test('ISO-8601 strings: Z, offsets, no zone (UTC), space separator, fractions, date only, basic format', () => {
    // (that a time without zone is UTC whatever the machine's zone is checked in test/unit/cli)
    const h = harness(single('source events { watermark 1d }'));
    const times: [string, number][] = [
      ['2024-03-01T10:00:00Z', Date.UTC(2024, 2, 1, 10)],
      ['2024-03-01T12:00:00+02:00', Date.UTC(2024, 2, 1, 10)],
      ['2024-03-01T05:30:00-0430', Date.UTC(2024, 2, 1, 10)],
      ['2024-03-01T10:00:00', Date.UTC(2024, 2, 1, 10)],
      ['2024-03-01 10:00:00.250Z', Date.UTC(2024, 2, 1, 10, 0, 0, 250)],
      ['2024-03-01T10:00', Date.UTC(2024, 2, 1, 10)],
      ['2024-03-01', Date.UTC(2024, 2, 1)],
      // ISO-8601's basic format
      ['20240301T100000Z', Date.UTC(2024, 2, 1, 10)],
      ['20240301T120000.5+0200', Date.UTC(2024, 2, 1, 10, 0, 0, 500)],
      ['20240301T1000', Date.UTC(2024, 2, 1, 10)],
      ['20240301', Date.UTC(2024, 2, 1)],
    ];
    times.forEach(([ts], i) => h.send({ id: `e${i}`, type: 'a', ts }));
    h.finish();
    expect(h.dead).toEqual([]);
    const got = new Map(h.alerts.map((a) => [(a.events.a[0] as { id: string }).id, [a.start, a.fields.t]]));
    times.forEach(([, ms], i) => expect(got.get(`e${i}`)).toEqual([ms, ms]));
  });

  test('a nested time path reads the time there (time meta.ts)', () => {
    const h = harness(single('source events { time meta.ts }'));
    h.send({ id: 'n1', type: 'a', meta: { ts: 40 } });
    h.send({ id: 'top', type: 'a', ts: 41 }); // no meta.ts: no time
    h.send({ id: 'n2', type: 'a', meta: { ts: '1970-01-01T00:00:00.050Z' } });
    h.finish();
    expect(h.alerts.map((a) => [a.start, a.fields.t])).toEqual([[40, 40], [50, 50]]);
    expect(h.dead.map((d) => [d.reason, (d.value as { id: string }).id])).toEqual([['no-time', 'top']]);
  });

  test('a rule reading a source without a declaration uses `ts`', () => {
    const h = harness('rule r { from clicks pattern a }');
    h.sendTo('clicks', ev('c1', 3));
    h.engine.finish();
    expect(h.alerts.map((a) => a.start)).toEqual([3]);
  });
});

describe('control watermarks ({"_watermark": ms})', () => {
  const rules = `source events { watermark 1h }
rule one { pattern a where a: type == "a" }`;

  test('release the events up to them', () => {
    const h = harness(rules);
    h.send(...evs('a1@10 a2@20'));
    expect(h.takeShort()).toEqual([]);
    h.watermark(10);
    expect(h.takeShort()).toEqual(['match a=a1']);
    h.watermark(25);
    expect(h.takeShort()).toEqual(['match a=a2']);
  });

  test('only move the watermark forward; an event at or below it is then late', () => {
    const h = harness(rules);
    h.watermark(50);
    h.watermark(5); // ignored
    expect(h.engine.sources.get('events')!.watermark.value).toBe(50);
    h.send(...evs('a1@50 a2@51'));
    h.finish();
    expect(h.takeShort()).toEqual(['match a=a2']);
    expect(h.rt().counters.late).toBe(1);
  });

  test('set the watermark itself, not an event time (no delay subtracted)', () => {
    const h = harness(`source events { watermark 1h }
rule ab { pattern a -> !b where a: type == "a" b: type == "b" within 10ms }`);
    h.send(...evs('a1@0'));
    h.watermark(9);
    expect(h.takeShort()).toEqual([]);
    h.watermark(10);
    expect(h.takeShort()).toEqual(['match a=a1']);
  });
});

describe('end of input', () => {
  test('the watermark goes to +infinity: timeouts and absences fire', () => {
    const h = harness(`source events { watermark 1h }
rule t { key k pattern a -> b where a: type == "a" b: type == "b" within 1m on timeout emit { n: count(a) } }
rule absent { key k pattern a -> !b where a: type == "a" b: type == "b" within 1m }`);
    h.send(ev('a1', 0, { type: 'a', k: 'x' }));
    expect(h.takeShort()).toEqual([]);
    h.finish();
    const out = h.take();
    expect(out.map((a) => [a.rule, a.kind, a.end])).toEqual([
      ['t', 'timeout', 60000],
      ['absent', 'match', 0],
    ]);
    expect(h.engine.sources.get('events')!.watermark.value).toBe(Infinity);
  });

  test('after the end, every event is late', () => {
    const h = harness(single());
    h.finish();
    h.send(ev('a1', 1e15, { type: 'a' }));
    expect(h.alerts).toEqual([]);
    expect(h.dead.map((d) => d.reason)).toEqual(['late']);
  });
});

describe('idle sources', () => {
  const T = 1_700_000_000_000;
  const absent = (source: string) => `${source}
rule absent { key k pattern a -> !b where a: type == "a" b: type == "b" within 10s }`;
  const a1 = { id: 'a1', type: 'a', k: 'x', ts: T };

  test('an absence fires on a quiet stream once the source is idle and the wall clock passes first + D', () => {
    const h = harness(absent('source events { idle 1m }'));
    h.engine.ingest('events', a1, '1', '', T);
    h.engine.tick(T + 59_999); // not idle yet
    expect(h.takeShort()).toEqual([]);
    h.engine.tick(T + 60_000 + 10_000); // idle: watermark = now - 1m - 0 - 1ms = T + 10s - 1
    expect(h.takeShort()).toEqual([]);
    h.engine.tick(T + 60_000 + 10_001); // watermark T + 10s
    expect(h.takeShort()).toEqual(['match a=a1']);
  });

  test('the watermark delay counts too: now - watermark - idle', () => {
    const h = harness(absent('source events { watermark 5s idle 1m }'));
    h.engine.ingest('events', a1, '1', '', T);
    h.engine.tick(T + 75_000);
    expect(h.takeShort()).toEqual([]);
    h.engine.tick(T + 75_001);
    expect(h.takeShort()).toEqual(['match a=a1']);
  });

  test('without idle, processing time alone moves nothing', () => {
    const h = harness(absent(''));
    h.engine.ingest('events', a1, '1', '', T);
    h.engine.tick(T + 365 * 86_400_000);
    expect(h.takeShort()).toEqual([]);
    expect(h.engine.sources.get('events')!.watermark.value).toBe(T - 1);
  });

  test('an event on another partition keeps that partition active; the idle one stops holding the watermark back', () => {
    const h = harness(absent('source events { idle 1m }'));
    h.engine.ingest('events', a1, '1', 'p0', T);
    h.engine.ingest('events', { id: 'z', k: 'y', ts: T - 50_000 }, '2', 'p1', T);
    // p1 holds the watermark at T - 50s - 1
    h.engine.ingest('events', { id: 'z2', k: 'y', ts: T + 20_000 }, '3', 'p1', T + 61_000);
    // at processing time T + 61s, p0 is idle: the watermark follows p1 alone (T + 20s - 1)
    expect(h.takeShort()).toEqual(['match a=a1']);
  });
});

describe('filter', () => {
  test('filtered-out events do not break strict contiguity', () => {
    const h = harness('rule ab { filter type != "noise" pattern a b where a: type == "a" b: type == "b" }');
    h.send(...evs('a1@1 noise1@2 noise2@3 b1@4 a2@5 c1@6 b2@7'));
    h.finish();
    expect(h.takeShort()).toEqual(['match a=a1;b=b1']);
  });

  test('filtered-out events still advance the watermark', () => {
    const h = harness(`rule absent { filter type != "noise" pattern a -> !b where a: type == "a" b: type == "b" within 10ms }`);
    h.send(...evs('a1@0 noise1@10'));
    expect(h.takeShort()).toEqual([]); // watermark 9
    h.send(...evs('noise2@11')); // watermark 10 = first + D
    expect(h.takeShort()).toEqual(['match a=a1']);
  });

  test('filtered-out events are not counted as the rule\'s events, nor as dropped', () => {
    const h = harness('rule r { key k filter type == "a" pattern a }');
    h.send(ev('a1', 1, { type: 'a', k: 'x' }), ev('b1', 2, { type: 'b' }), ev('b2', 3, { type: 'b', k: 'x' }));
    h.finish();
    expect(h.rt().counters.events).toBe(1);
    expect(h.rt().counters.dropped).toBe(0);
  });
});
