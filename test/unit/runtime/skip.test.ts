// After-match skip (LANGUAGE.md 5.6, 5.7) and `max partial` (4): held-back matches come out in
// the order of their first event; simultaneous matches in the documented order; matches held
// behind a partial match without `within` stay unemitted; the oldest partial matches dropped.

import { ev, evs, harness } from '../../fixtures/runtime/harness';

const pair = (skip: string, extra = '') =>
  `rule r { key k pattern s -> t where s: type == "s" t: type == "t" and v == s.v ${extra} ${skip} ${
    extra.includes('within') ? 'on timeout emit {}' : ''
  } }`;
const s = (id: string, ts: number, v: number) => ev(id, ts, { type: 's', v, k: 'x' });
const t = (id: string, ts: number, v: number) => ev(id, ts, { type: 't', v, k: 'x' });

describe('held-back matches', () => {
  test('with a skip strategy, matches come out in the order of their first event', () => {
    const h = harness(pair('skip to next'));
    h.send(s('s1', 1, 1), s('s2', 2, 2), t('t2', 3, 2));
    expect(h.takeShort()).toEqual([]); // [s2 t2] waits for [s1 ...]
    h.send(t('t1', 4, 1), ev('x', 5));
    expect(h.takeShort()).toEqual(['match s=s1;t=t1', 'match s=s2;t=t2']);
  });

  test('with no skip they come out as they complete', () => {
    const h = harness(pair('no skip'));
    h.send(s('s1', 1, 1), s('s2', 2, 2), t('t2', 3, 2), t('t1', 4, 1));
    h.finish();
    expect(h.takeShort()).toEqual(['match s=s2;t=t2', 'match s=s1;t=t1']);
  });

  test('a held-back match is freed when the earlier partial match times out (timeout first)', () => {
    const h = harness(pair('skip to next', 'within 100ms'));
    h.send(s('s1', 1, 1), s('s2', 2, 2), t('t2', 3, 2));
    h.watermark(100);
    expect(h.takeShort()).toEqual([]);
    h.watermark(101);
    expect(h.takeShort()).toEqual(['timeout s=s1', 'match s=s2;t=t2']);
  });

  test('matches held back behind a partial match without within stay unemitted at end of input', () => {
    const h = harness(pair('skip to next'));
    h.send(s('s1', 1, 1), s('s2', 2, 2), t('t2', 3, 2));
    h.finish();
    expect(h.alerts).toEqual([]);
    expect(h.rt().keyCount).toBe(1);
  });

  test('skip past last: a1 b1 b2 c1 under ->> emits only [a1 b1 c1]', () => {
    const rules = (skip: string) =>
      `rule r { pattern a ->> b -> c where a: type == "a" b: type == "b" c: type == "c" ${skip} }`;
    const h = harness(rules('skip past last'));
    h.send(...evs('a1@1 b1@2 b2@3 c1@4'));
    h.finish();
    expect(h.takeShort()).toEqual(['match a=a1;b=b1;c=c1']);
    const all = harness(rules('no skip'));
    all.send(...evs('a1@1 b1@2 b2@3 c1@4'));
    all.finish();
    expect(all.takeShort()).toEqual(['match a=a1;b=b1;c=c1', 'match a=a1;b=b2;c=c1']);
  });

  test('skip past last prunes partial matches that started at or before the match\'s last event', () => {
    const h = harness('rule r { pattern a -> b where a: type == "a" b: type == "b" skip past last }');
    h.send(...evs('a1@1 a2@2 b1@3 a3@4 b2@5'));
    h.finish();
    expect(h.takeShort()).toEqual(['match a=a1;b=b1', 'match a=a3;b=b2']);
  });

  test('skip to next prunes partial matches that started with the same event', () => {
    const h = harness('rule r { pattern a b* where a: type == "a" b: type == "b" skip to next }');
    h.send(...evs('a1@1 b1@2 b2@3 a2@4'));
    h.finish();
    expect(h.takeShort()).toEqual(['match a=a1', 'match a=a2']);
  });

  test('skip to first / to last STEP', () => {
    const rules = (skip: string) => `rule r { pattern a+ -> c where a: type == "a" c: type == "c" within 1s ${skip} }`;
    const first = harness(rules('skip to first a'));
    first.send(...evs('a1@1 a2@2 c1@3'));
    first.finish();
    // [a1 a2 c1] prunes nothing before a1: [a1 c1] and [a2 c1] remain ([a2 c1] held back until
    // the a+ branches that started with a1 time out)
    expect(first.takeShort()).toEqual(['match a=a1,a2;c=c1', 'match a=a1;c=c1', 'match a=a2;c=c1']);
    const last = harness(rules('skip to last a'));
    last.send(...evs('a1@1 a2@2 c1@3'));
    last.finish();
    // [a1 a2 c1] prunes what started before a2: [a1 c1]
    expect(last.takeShort()).toEqual(['match a=a1,a2;c=c1', 'match a=a2;c=c1']);
  });
});

describe('skip to first / last STEP when the match has no event for STEP', () => {
  test('nothing is pruned', () => {
    const rules = (skip: string) =>
      `rule r { pattern a -> b? -> c where a: type == "a" b: type == "b" c: type == "c" within 100ms ${skip} }`;
    for (const skip of ['skip to first b', 'skip to last b']) {
      const h = harness(rules(skip));
      h.send(...evs('a1@1 a2@2 c1@3'));
      h.finish();
      expect(h.takeShort()).toEqual(['match a=a1;c=c1', 'match a=a2;c=c1']);
    }
    const past = harness(rules('skip past last'));
    past.send(...evs('a1@1 a2@2 c1@3'));
    past.finish();
    expect(past.takeShort()).toEqual(['match a=a1;c=c1']);
  });
});

describe('max partial N', () => {
  const rules = 'rule r { key k pattern a -> b where a: type == "a" b: type == "b" max partial 2 }';

  test('past N, the oldest partial matches are dropped and counted', () => {
    const h = harness(rules);
    h.send(...evs('a1@1 a2@2 x@3', { k: 'x' }));
    expect(h.rt().openPartialMatches).toBe(2);
    expect(h.rt().counters.dropped).toBe(0);
    h.send(...evs('a3@4 a4@5 b1@6 x@7', { k: 'x' }));
    expect(h.rt().openPartialMatches).toBe(0);
    expect(h.rt().counters.dropped).toBe(2);
    expect(h.takeShort()).toEqual(['match a=a3;b=b1', 'match a=a4;b=b1']);
  });

  test('per key', () => {
    const h = harness(rules);
    h.send(...evs('a1@1 a2@2', { k: 'x' }), ...evs('a3@3 a4@4', { k: 'y' }));
    h.send(...evs('b1@5 x@6', { k: 'x' }));
    expect(h.rt().counters.dropped).toBe(0);
    expect(h.takeShort()).toEqual(['match a=a1;b=b1', 'match a=a2;b=b1']);
  });

  test('bounds the matches held back behind an open partial match', () => {
    const h = harness(pair('skip to next', 'max partial 1'));
    h.send(s('s1', 1, 1), s('s2', 2, 2), t('t2', 3, 2), ev('x', 4));
    // s2 arrived: [s1] (the oldest) was dropped, so [s2 t2] is not held back
    expect(h.takeShort()).toEqual(['match s=s2;t=t2']);
    expect(h.rt().counters.dropped).toBe(1);
  });
});

describe('several matches at once (5.7)', () => {
  test('same first event: the earlier event at the first difference first; a proper prefix after', () => {
    const h = harness('rule r { pattern a -> c{1,2} -> !b where a: type == "a" b: type == "b" c: type == "c" within 10ms }');
    h.send(...evs('a1@0 c1@1 c2@2 x@3'));
    h.watermark(10); // both complete in this one advance
    expect(h.takeShort()).toEqual(['match a=a1;c=c1,c2', 'match a=a1;c=c1']);
  });

  test('same first event, decided by the events in time order: it decides which match a skip keeps', () => {
    const rules = (skip: string) =>
      `rule r { pattern a* combinations ->> b ->> c where a: type == "a" b: type == "b" c: type == "c" ${skip} }`;
    const h = harness(rules('skip past last'));
    h.send(...evs('a1@1 b1@2 a2@3 b2@4 c1@5'));
    h.finish();
    // [a1 b1 c1] and [a1 a2 b2 c1] both start with a1; at the second event b1@2 < a2@3
    expect(h.takeShort()).toEqual(['match a=a1;b=b1;c=c1']);
    const all = harness(rules('no skip'));
    all.send(...evs('a1@1 b1@2 a2@3 b2@4 c1@5'));
    all.finish();
    expect(all.takeShort()).toEqual([
      'match a=a1;b=b1;c=c1',
      'match a=a1,a2;b=b2;c=c1',
      'match a=a1;b=b2;c=c1',
      'match b=b1;c=c1',
      'match a=a2;b=b2;c=c1',
      'match b=b2;c=c1',
    ]);
  });

  test('different first events: in the order of their first event', () => {
    const h = harness('rule r { pattern a ->> b where a: type == "a" b: type == "b" }');
    h.send(...evs('a1@1 a2@2 b1@3'));
    h.finish();
    expect(h.takeShort()).toEqual(['match a=a1;b=b1', 'match a=a2;b=b1']);
  });
});
