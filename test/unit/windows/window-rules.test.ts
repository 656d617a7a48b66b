// Window rules end to end: compiled from rule text, run by the Engine (or, where the order of
// arrival matters, fed straight to the runtime as Flink's WindowOperator would see them).

import { arrivalDriver, brief, engineDriver } from './drivers';

const ev = (ts: number, amount = 1, extra: Record<string, unknown> = {}) => ({ user: 'u1', amount, ts, ...extra });

describe('tumbling windows', () => {
  const rules = 'rule w { severity high key user window tumbling 10ms aggregate n = count(), total = sum(amount) }';

  test('fire once the watermark reaches end - 1, as one alert of kind window', () => {
    const d = engineDriver(rules);
    d.send(ev(1, 5), ev(5, 7));
    expect(d.take()).toEqual([]);
    d.send(ev(9, 1)); // watermark 8
    expect(d.take()).toEqual([]);
    d.send(ev(10, 2)); // watermark 9 = end - 1
    const [a] = d.take();
    expect(a).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      rule: 'w',
      version: expect.any(String),
      kind: 'window',
      key: 'u1',
      severity: 'high',
      start: 0,
      end: 10,
      detectedAt: 42,
      revision: 0,
      events: {},
      fields: { n: 3, total: 13 },
    });
    d.finish();
    expect(d.take().map(brief)).toEqual([{ start: 10, end: 20, revision: 0, fields: { n: 1, total: 2 } }]);
  });

  test('negative times are aligned to the epoch', () => {
    const d = engineDriver(rules);
    d.send(ev(-11), ev(-10), ev(-1));
    d.finish();
    expect(d.alerts.map((a) => [a.start, a.end, a.fields.n])).toEqual([[-20, -10, 1], [-10, 0, 2]]);
  });

  test('keys: several paths give an array key; no key clause gives one global window', () => {
    const multi = engineDriver('rule w { key user, card window tumbling 10ms aggregate n = count() }');
    multi.send(ev(1, 1, { card: 7 }), ev(2, 1, { card: 7.0 }), ev(3, 1, { card: null }));
    multi.finish();
    expect(multi.alerts.map((a) => [a.key, a.fields.n])).toEqual([[['u1', '7'], 2]]);
    expect(multi.rt.counters.dropped).toBe(1);
    const global = engineDriver('rule w { window tumbling 10ms aggregate n = count() }');
    global.send(ev(1), { ts: 2 });
    global.finish();
    expect(global.alerts.map((a) => [a.key, a.fields.n])).toEqual([[null, 2]]);
  });

  test('filter: events failing it are invisible', () => {
    const d = engineDriver('rule w { key user filter amount > 1 window tumbling 10ms aggregate n = count() }');
    d.send(ev(1, 1), ev(2, 2), ev(3, 3));
    d.finish();
    expect(d.alerts.map((a) => a.fields.n)).toEqual([2]);
    expect(d.rt.counters.events).toBe(2);
  });
});

describe('sliding windows', () => {
  test('an event is in every window holding it, start below 0 included', () => {
    const d = engineDriver('rule w { key user window sliding 20ms every 10ms aggregate n = count() }');
    d.send(ev(-5), ev(5), ev(12));
    d.finish();
    expect(d.alerts.map((a) => [a.start, a.end, a.fields.n])).toEqual([
      [-20, 0, 1],
      [-10, 10, 2],
      [0, 20, 2],
      [10, 30, 1],
    ]);
  });

  test('a slide that does not divide the size (panes of gcd width)', () => {
    const d = engineDriver('rule w { key user window sliding 25ms every 10ms aggregate n = count(), s = sum(amount) }');
    d.send(ev(4, 1), ev(12, 2), ev(26, 4), ev(31, 8));
    d.finish();
    // windows [-20,5) [-10,15) [0,25) [10,35) [20,45) [30,55)
    expect(d.alerts.map((a) => [a.start, a.fields.s])).toEqual([[-20, 1], [-10, 3], [0, 3], [10, 14], [20, 12], [30, 8]]);
  });

  test('a late event within lateness re-fires one window and first-fires another', () => {
    const d = engineDriver('source events { lateness 15ms } rule w { key user window sliding 20ms every 10ms aggregate n = count() }');
    d.watermark(30);
    d.send(ev(25)); // [20,40) waits; [10,30) is due: fires at once
    expect(d.take().map(brief)).toEqual([{ start: 10, end: 30, revision: 0, fields: { n: 1 } }]);
    d.send(ev(12)); // [10,30) again, and [0,20) for the first time (cleanup 34 > 30)
    expect(d.take().map(brief)).toEqual([
      { start: 10, end: 30, revision: 1, fields: { n: 2 } },
      { start: 0, end: 20, revision: 0, fields: { n: 1 } },
    ]);
    d.finish();
    expect(d.take().map(brief)).toEqual([{ start: 20, end: 40, revision: 0, fields: { n: 1 } }]);
  });
});

describe('allowed lateness', () => {
  const rules = 'source events { lateness 5s } rule w { key user window tumbling 10s aggregate total = sum(amount) }';

  test('late events re-fire with the same id and the next revision; past lateness they are dropped', () => {
    const d = engineDriver(rules);
    d.send(ev(1000, 5), ev(12000, 1));
    const [first] = d.take();
    expect(brief(first)).toEqual({ start: 0, end: 10000, revision: 0, fields: { total: 5 } });
    d.send(ev(2000, 100));
    const [second] = d.take();
    expect(brief(second)).toEqual({ start: 0, end: 10000, revision: 1, fields: { total: 105 } });
    expect(second.id).toBe(first.id);
    d.send(ev(3000, 0)); // fires even though nothing changes
    expect(d.take().map((a) => [a.id, a.revision, a.fields.total])).toEqual([[first.id, 2, 105]]);
    expect(d.rt.counters.late).toBe(0);

    d.send(ev(16000, 1)); // watermark 15999 >= 9999 + 5000: [0,10000) is gone
    d.send(ev(4000, 1000));
    expect(d.take()).toEqual([]);
    expect(d.rt.counters.late).toBe(1);
    expect(d.dead).toEqual([{ reason: 'late', source: 'events', rule: 'w', pos: '6', value: ev(4000, 1000) }]);
    d.finish();
    expect(d.take().map(brief)).toEqual([{ start: 10000, end: 20000, revision: 0, fields: { total: 2 } }]);
  });

  test('without lateness, an event at or below the watermark is counted late and not aggregated', () => {
    const d = engineDriver('rule w { key user window tumbling 10s aggregate total = sum(amount) }');
    d.send(ev(1000, 5), ev(15000, 1), ev(2000, 100), ev(14999, 7));
    d.finish();
    expect(d.alerts.map((a) => a.fields.total)).toEqual([5, 8]);
    expect(d.rt.counters.late).toBe(1);
    expect(d.dead.map((x) => x.reason)).toEqual(['late']);
  });

  test('an unused event between sliding windows is not late unless Flink would count it so', () => {
    const d = engineDriver('source events { lateness 20ms } rule w { key user window sliding 5ms every 10ms aggregate n = count() }');
    d.watermark(100);
    d.send(ev(97)); // in the gap [95,100): no window, but 97 + 20 > 100
    d.send(ev(77)); // in a gap too, and 77 + 20 <= 100: Flink counts it as a dropped late element
    expect(d.rt.counters.late).toBe(1);
    expect(d.dead.map((x) => (x.value as { ts: number }).ts)).toEqual([77]);
  });
});

describe('state', () => {
  test('a window is freed once the watermark reaches end - 1 + lateness; then the key is gone', () => {
    const d = engineDriver('source events { lateness 20ms } rule w { key user window tumbling 10ms aggregate n = count() }');
    d.send(ev(5));
    d.watermark(9);
    expect(d.alerts).toHaveLength(1);
    d.watermark(28);
    expect(d.rt.stateOf('u1')).toBeDefined();
    expect(d.rt.openPartialMatches).toBe(1);
    d.watermark(29);
    expect(d.rt.stateOf('u1')).toBeUndefined();
    expect(d.rt.keyCount).toBe(0);
    expect(d.rt.openPartialMatches).toBe(0);
  });

  test('sessions too, and nothing is left after the end of input', () => {
    const d = engineDriver('source events { lateness 20ms } rule w { key user window session gap 10ms aggregate n = count() }');
    d.send(ev(5), ev(12, 1, { user: 'u2' }));
    d.watermark(14);
    expect(d.rt.stateOf('u1')).toEqual({
      windows: [{ start: 5, end: 15, acc: [1], rev: 0, anchor: '5:15', pending: false }],
    });
    d.watermark(34);
    expect(d.rt.stateOf('u1')).toBeUndefined();
    d.finish();
    expect(d.rt.keyCount).toBe(0);
  });

  test('state is plain JSON, aggregated per pane: no events kept', () => {
    const d = engineDriver(
      'source events { watermark 1h } rule w { key user window sliding 1000ms every 100ms ' +
        'aggregate n = count(), m = avg(amount), f = first(note), l = last(note), dc = distinct_count(amount % 3) }',
    );
    for (let i = 0; i < 2000; i++) d.send(ev(i, i, { note: `note-${i}` }));
    d.engine.watermark('events', 1500); // delivers everything up to 1500, fires up to [500,1500)
    const state = d.rt.stateOf('u1');
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    const text = JSON.stringify(state);
    expect(text.length).toBeLessThan(3000);
    expect(text).not.toContain('note-1234');
  });
});

describe('sessions', () => {
  const rules = (lateness = 0, delay = 0) =>
    `source events { watermark ${delay}ms lateness ${lateness}ms } ` +
    'rule w { key user window session gap 10ms aggregate n = count(), total = sum(amount) }';

  test('bounds are [first, last + gap); exactly gap after still joins', () => {
    // in arrival order: the event at 10 joins [0,10) before its own watermark (9) fires it
    const d = arrivalDriver(rules());
    d.send(ev(0), ev(10), ev(25));
    d.finish();
    expect(d.alerts.map((a) => [a.start, a.end, a.fields.n])).toEqual([[0, 20, 2], [25, 35, 1]]);
  });

  test('an out-of-order event bridges two sessions into one', () => {
    const d = arrivalDriver(rules(0, 100));
    d.send(ev(0, 1), ev(18, 2));
    expect(d.rt.stateOf('u1')).toMatchObject({ windows: [{ start: 0, end: 10 }, { start: 18, end: 28 }] });
    d.send(ev(9, 4)); // [9,19) reaches both
    expect(d.rt.stateOf('u1')).toMatchObject({ windows: [{ start: 0, end: 28, acc: [3, 7] }] });
    d.finish();
    expect(d.alerts.map(brief)).toEqual([{ start: 0, end: 28, revision: 0, fields: { n: 3, total: 7 } }]);
  });

  test('a late event merging two fired sessions: id of the earliest, revision above the highest', () => {
    const d = engineDriver(rules(100));
    d.send(ev(0), ev(18)); // watermark 17: [0,10) fires
    d.watermark(40); // [18,28) fires
    const [a, b] = d.take();
    expect([a.start, a.end, a.revision, b.start, b.end, b.revision]).toEqual([0, 10, 0, 18, 28, 0]);
    d.send(ev(20), ev(21)); // grow [18,28) to [18,31), due already: re-fires twice, same id
    expect(d.take().map((x) => [x.id, x.end, x.revision, x.fields.n])).toEqual([[b.id, 30, 1, 2], [b.id, 31, 2, 3]]);
    d.send(ev(9)); // [9,19) touches both: merged [0,31), due already: fires at once
    const merged = d.take();
    expect(merged.map((x) => [x.id, x.start, x.end, x.revision, x.fields.n])).toEqual([[a.id, 0, 31, 3, 5]]);
    expect(d.rt.stateOf('u1')).toMatchObject({ windows: [{ start: 0, end: 31, rev: 3, anchor: '0:10' }] });
  });

  test('a fired session grown past the watermark fires again when the watermark gets there', () => {
    const d = engineDriver(rules(100));
    d.send(ev(0));
    d.watermark(9);
    const [first] = d.take();
    d.send(ev(8)); // late: [0,18) now, end - 1 = 17 > 9
    expect(d.take()).toEqual([]);
    d.watermark(16);
    expect(d.take()).toEqual([]);
    d.watermark(17);
    expect(d.take().map((x) => [x.id, x.start, x.end, x.revision, x.fields.n])).toEqual([[first.id, 0, 18, 1, 2]]);
  });

  test('a late event opening its own session: fires at once within lateness, dropped beyond it', () => {
    const d = engineDriver(rules(100));
    d.watermark(50);
    d.send(ev(35));
    expect(d.take().map(brief)).toEqual([{ start: 35, end: 45, revision: 0, fields: { n: 1, total: 1 } }]);
    d.send(ev(-100));
    expect(d.take()).toEqual([]);
    expect(d.rt.counters.late).toBe(1);
  });

  test('a late event beyond lateness on its own still joins a live session', () => {
    const d = engineDriver(rules(0));
    d.send(ev(40)); // watermark 39
    d.send(ev(31)); // [31,41) alone would be late (40 <= 39? no) — live anyway
    d.send(ev(25)); // [25,35) alone: cleanup 34 <= 39 late, but it touches [31,50): joins
    expect(d.rt.counters.late).toBe(0);
    d.finish();
    expect(d.alerts.map((a) => [a.start, a.end, a.fields.n])).toEqual([[25, 50, 3]]);
  });
});

describe('having and emit', () => {
  test('fields: aggregates by name, then emit fields; an emit field named like an aggregate replaces it', () => {
    const d = engineDriver(
      'rule w { key user window tumbling 10ms aggregate n = count(), total = sum(amount) having n >= 2 ' +
        'emit { from: window.start, to: window.end, who: key, n: n * 10, "__proto__": 1 } }',
    );
    d.send(ev(1, 3), ev(2, 4), ev(15, 1));
    d.finish();
    expect(d.alerts).toHaveLength(1);
    const f = d.alerts[0].fields;
    expect(Object.keys(f)).toEqual(['n', 'total', 'from', 'to', 'who', '__proto__']);
    expect(f).toEqual(JSON.parse('{"n":20,"total":7,"from":0,"to":10,"who":"u1","__proto__":1}'));
    expect(Object.getPrototypeOf(f)).toBe(Object.prototype);
  });

  test('having is checked at every firing; a failing re-firing retracts nothing', () => {
    const d = engineDriver(
      'source events { lateness 100ms } rule w { key user window tumbling 10ms aggregate total = sum(amount) having total < 10 or total > 100 }',
    );
    d.send(ev(1, 5), ev(20, 0)); // fires total 5
    d.send(ev(2, 50)); // 55: fails having, nothing emitted
    d.send(ev(3, 50)); // 105: passes again
    expect(d.alerts.filter((a) => a.start === 0).map((a) => [a.revision, a.fields.total])).toEqual([[0, 5], [2, 105]]);
  });
});
