// `within`, timeouts and trailing absences (LANGUAGE.md 5.2, 5.5): when partial matches time out,
// which timeouts are reported (once per distinct partial match, never for one already emitted as
// a match), their `end` and fields; `-> !b` at the end emitted as a match at first + D.

import type { Alert } from '../../../src/engine/alert';
import type { StepLists } from '../../../src/engine/nfa/shared-buffer';
import { ev, evs, harness, short } from '../../fixtures/runtime/harness';

/** `pattern P where` with `s: type == "s"` for each of the steps a, b, c that P names. */
const P = (pattern: string): string =>
  `pattern ${pattern} where ${['a', 'b', 'c']
    .filter((s) => new RegExp(`\\b${s}\\b`).test(pattern))
    .map((s) => `${s}: type == "${s}"`)
    .join(' ')}`;

/** Records what the automaton itself reports (one timeout per branch, as Flink). */
function rawTimeouts(h: ReturnType<typeof harness>): string[] {
  const raw: string[] = [];
  const sink = (h.pattern() as unknown as { sink: { timeout: (l: StepLists, end: number, first: unknown) => void } }).sink;
  const inner = sink.timeout;
  sink.timeout = (lists, end, first) => {
    raw.push(lists.map((l) => l.map((e) => (e.value as { id: string }).id).join(',')).join('|'));
    inner(lists, end, first);
  };
  return raw;
}

const kinds = (alerts: Alert[]) => alerts.map((a) => `${short(a)} @${a.start}-${a.end}`);

describe('when a partial match times out', () => {
  const rule = `rule t { key k ${P('a -> b')} within 10ms on timeout emit {} }`;

  test('once the watermark reaches first.time + D; end = first.time + D', () => {
    const h = harness(rule);
    h.send(ev('a1', 5, { type: 'a', k: 'x' }));
    h.watermark(14);
    expect(h.take()).toEqual([]);
    h.watermark(15);
    expect(kinds(h.take())).toEqual(['timeout a=a1 @5-15']);
    expect(h.rt().counters.timeouts).toBe(1);
  });

  test('an event at first + D cannot complete the match (last - first < D, strictly)', () => {
    const h = harness(rule);
    h.send(ev('a1', 5, { type: 'a', k: 'x' }), ev('b1', 15, { type: 'b', k: 'x' }));
    h.finish();
    expect(kinds(h.take())).toEqual(['timeout a=a1 @5-15']);
    const h2 = harness(rule);
    h2.send(ev('a1', 5, { type: 'a', k: 'x' }), ev('b1', 14, { type: 'b', k: 'x' }));
    h2.finish();
    expect(kinds(h2.take())).toEqual(['match a=a1;b=b1 @5-14']);
  });

  test('without `on timeout emit`, timed-out partial matches go silently', () => {
    const h = harness(`rule t { key k ${P('a -> b')} within 10ms }`);
    h.send(ev('a1', 5, { type: 'a', k: 'x' }));
    h.finish();
    expect(h.alerts).toEqual([]);
    expect(h.rt().openPartialMatches).toBe(0);
  });

  test('other keys time out on their own schedule', () => {
    const h = harness(rule);
    h.send(ev('a1', 0, { type: 'a', k: 'x' }), ev('a2', 7, { type: 'a', k: 'y' }));
    h.watermark(10);
    expect(h.take().map((a) => [a.key, a.end])).toEqual([['x', 10]]);
    h.watermark(17);
    expect(h.take().map((a) => [a.key, a.end])).toEqual([['y', 17]]);
  });
});

describe('timeouts are reported once per distinct partial match', () => {
  test('the same events on two branches (Flink would report them twice) give one timeout', () => {
    const h = harness(`rule t { ${P('a -> b{1,2} -> c')} within 100ms on timeout emit {} }`);
    const raw = rawTimeouts(h);
    h.send(...evs('a1@1 x1@2 b1@3 x2@4'));
    h.finish();
    expect(raw).toEqual(['a1|b1|', 'a1|b1|']); // what the automaton (and Flink) produce
    expect(h.takeShort()).toEqual(['timeout a=a1;b=b1']);
    expect(h.rt().counters.timeouts).toBe(1);
  });

  test('a loop with several branches per start: each distinct partial match once', () => {
    const h = harness(`rule t { ${P('a+ -> c')} within 100ms on timeout emit {} }`);
    const raw = rawTimeouts(h);
    h.send(...evs('a1@1 a2@2 b1@3'));
    h.finish();
    expect(raw.length).toBeGreaterThan(3);
    expect(h.takeShort()).toEqual(['timeout a=a1,a2', 'timeout a=a1', 'timeout a=a2']);
  });

  test('the same events taken by different steps are different partial matches', () => {
    const h = harness(`rule t { pattern x? -> y -> z where x: type == "p" y: type == "p" z: type == "q" within 10ms on timeout emit {} }`);
    h.send(...evs('p1@0'));
    h.finish();
    expect(h.takeShort().sort()).toEqual(['timeout x=p1', 'timeout y=p1']);
  });

  test('per key: two keys with the same shape of partial match each report theirs', () => {
    const h = harness(`rule t { key k ${P('a -> b{1,2} -> c')} within 100ms on timeout emit {} }`);
    h.send(...evs('a1@1 b1@3', { k: 'x' }), ...evs('a2@4 b2@5', { k: 'y' }));
    h.finish();
    expect(h.take().map((a) => [a.key, short(a)])).toEqual([
      ['x', 'timeout a=a1;b=b1'],
      ['y', 'timeout a=a2;b=b2'],
    ]);
  });

  test('not reported for a partial match already emitted as a match (c -> a*)', () => {
    const h = harness(`rule t { ${P('c -> a*')} within 10ms on timeout emit {} }`);
    const raw = rawTimeouts(h);
    h.send(...evs('c1@0 a1@1 a2@2'));
    h.finish();
    expect(raw).toEqual(['c1|a1,a2']); // the loop's branch did time out (steps c, a)
    expect(h.takeShort()).toEqual(['match c=c1', 'match c=c1;a=a1', 'match c=c1;a=a1,a2']);
    expect(h.rt().counters.timeouts).toBe(0);
  });

  test('a partial match that grew past the emitted match is still reported', () => {
    const h = harness(`rule t { ${P('c -> a{2} -> b')} within 10ms on timeout emit {} }`);
    h.send(...evs('c1@0 a1@1 a2@2 b1@3 c2@4 a3@5'));
    h.finish();
    expect(h.takeShort()).toEqual(['match c=c1;a=a1,a2;b=b1', 'timeout c=c2;a=a3']);
  });
});

describe('fields of a timeout alert', () => {
  test('`on timeout emit` is evaluated over the partial match; a step with no events reads null, count 0', () => {
    const h = harness(`rule t {
      key k
      ${P('a -> b+ -> c')}
      within 10ms
      emit { kind: "match" }
      on timeout emit {
        na: count(a), nb: count(b), nc: count(c), sb: sum(b.v), lb: last(b).v, fb: first(b).v,
        cv: c.v, fc: first(c).v, sc: sum(c.v), mc: max(c.v), av: a.v, bare: v, ta: time(a), k: key
      }
    }`);
    h.send(ev('a1', 0, { type: 'a', k: 'x', v: 1 }), ev('b1', 2, { type: 'b', k: 'x', v: 10 }), ev('b2', 3, { type: 'b', k: 'x', v: 20 }));
    h.finish();
    const [a] = h.take();
    expect(short(a)).toBe('timeout a=a1;b=b1,b2');
    expect([a.start, a.end]).toEqual([0, 10]);
    expect(a.fields).toEqual({
      na: 1, nb: 2, nc: 0, sb: 30, lb: 20, fb: 10, cv: null, fc: null, sc: 0, mc: null, av: 1, bare: 20, ta: 0, k: 'x',
    });
    expect(a.events).toEqual({ a: [expect.objectContaining({ id: 'a1' })], b: [expect.any(Object), expect.any(Object)], c: [] });
  });

  test('a match uses `emit`, a timeout `on timeout emit`', () => {
    const h = harness(`rule t { key k ${P('a -> b')} within 10ms emit { m: 1 } on timeout emit { t: 2 } }`);
    h.send(...evs('a1@0 b1@1 a2@2', { k: 'x' }));
    h.finish();
    expect(h.take().map((a) => [a.kind, a.fields])).toEqual([
      ['match', { m: 1 }],
      ['timeout', { t: 2 }],
    ]);
  });
});

describe('`-> !b` at the end, with within', () => {
  const absent = `rule ab { key k ${P('a -> !b')} within 10ms on timeout emit { t: true } emit { at: time(a) } }`;

  test('emitted as kind match when the watermark reaches first + D; its end is its last event time', () => {
    const h = harness(absent);
    h.send(ev('a1', 3, { type: 'a', k: 'x' }));
    h.watermark(12);
    expect(h.take()).toEqual([]);
    h.watermark(13);
    const [a] = h.take();
    expect([a.kind, a.start, a.end, a.fields]).toEqual(['match', 3, 3, { at: 3 }]);
    h.finish();
    expect(h.take()).toEqual([]); // never also a timeout
  });

  test('the end is the last positive event, with several steps before the absence', () => {
    const h = harness(`rule ab { key k ${P('a -> c -> !b')} within 10ms }`);
    h.send(...evs('a1@0 c1@4', { k: 'x' }));
    h.finish();
    expect(kinds(h.take())).toEqual(['match a=a1;c=c1 @0-4']);
  });

  test('a b before first + D kills it', () => {
    const h = harness(absent);
    h.send(...evs('a1@0 x1@5 b1@9', { k: 'x' }));
    h.finish();
    expect(h.take()).toEqual([]);
  });

  test('a b exactly at first + D does not kill it', () => {
    const h = harness(absent);
    h.send(...evs('a1@0 b1@10', { k: 'x' }));
    h.finish();
    expect(kinds(h.take())).toEqual(['match a=a1 @0-0']);
  });

  test('a b of another key does not kill it', () => {
    const h = harness(absent);
    h.send(ev('a1', 0, { type: 'a', k: 'x' }), ev('b1', 5, { type: 'b', k: 'y' }));
    h.finish();
    expect(kinds(h.take())).toEqual(['match a=a1 @0-0']);
  });

  test('each a waits on its own window', () => {
    const h = harness(absent);
    h.send(...evs('a1@0 a2@6 b1@12 x1@30', { k: 'x' }));
    expect(kinds(h.take())).toEqual(['match a=a1 @0-0']);
  });

  // LANGUAGE.md 5.2 says a trailing `a -> !b` is emitted as a match at first.time + D. With a
  // loop before the absence, Flink's NFA (which the engine follows, and which the shared
  // differential case x0034 pins: `s1{1,2} -> !s2` reports [k3-6] as a timeout) moves the loop's
  // branch into the waiting (Pending) state only when a later event of the key is ignored by
  // it. So [a1 c1] alone times out, and with an unrelated event x1 after it, it matches.
  test('with a loop before it, the branch waits for the absence only after a later event (as Flink)', () => {
    const rules = `rule ab { key k ${P('a -> c+ -> !b')} within 10ms on timeout emit {} }`;
    const withX = harness(rules);
    withX.send(...evs('a1@0 c1@1 x1@2', { k: 'k' }));
    withX.watermark(10);
    expect(kinds(withX.take())).toEqual(['match a=a1;c=c1 @0-1']);
    const without = harness(rules);
    without.send(...evs('a1@0 c1@1', { k: 'k' }));
    without.watermark(10);
    expect(kinds(without.take())).toEqual(['timeout a=a1;c=c1 @0-10']);
  });

  test('when one advance times out partial matches and completes absences, timeouts come first', () => {
    const h = harness(`rule ab {
      key k pattern a -> c -> !b where a: type == "a" b: type == "b" c: type == "c" and v == a.v
      within 10ms on timeout emit {}
    }`);
    h.send(ev('a1', 0, { type: 'a', v: 1, k: 'x' }), ev('a2', 0, { type: 'a', v: 2, k: 'x' }), ev('c1', 1, { type: 'c', v: 1, k: 'x' }));
    // at 10: [a2] times out and [a1 c1] completes, in one advance
    h.watermark(10);
    expect(h.takeShort()).toEqual(['timeout a=a2', 'match a=a1;c=c1']);
  });
});
