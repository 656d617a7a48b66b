// State hygiene: the pattern runtime holds state only for keys that can still match (or that
// `prior` must remember), releases shared-buffer nodes when branches die, time out or match, and
// keeps `prior` state constant-size per key.

import { bufferNodes, ev, evs, harness } from '../../fixtures/runtime/harness';

describe('keys that can no longer match are forgotten', () => {
  test('after every partial match timed out: keyCount back to 0, no buffer nodes, nothing open', () => {
    const h = harness('rule r { key k pattern a -> b+ -> c where a: type == "a" b: type == "b" c: type == "c" within 10ms }');
    for (let t = 0; t < 4; t++) {
      for (let i = 0; i < 50; i++) h.send(ev(`a${t}.${i}`, t, { type: 'a', k: `k${i}` }));
      for (let i = 0; i < 50; i++) h.send(ev(`b${t}.${i}`, t, { type: 'b', k: `k${i}` }));
    }
    h.watermark(9);
    const rt = h.pattern();
    expect(rt.keyCount).toBe(50);
    expect(bufferNodes(rt)).toBeGreaterThan(0);
    expect(h.alerts).toEqual([]);
    h.watermark(13);
    expect(rt.keyCount).toBe(0);
    expect(rt.openPartialMatches).toBe(0);
    expect(bufferNodes(rt)).toBe(0);
    expect(h.engine.exportState().rules[0].keys).toEqual([]);
  });

  test('timed-out branches release their events while newer branches of the key stay', () => {
    const h = harness('rule r { key k pattern a -> b where a: type == "a" b: type == "b" within 10ms }');
    h.send(...evs('a1@0 a2@1 a3@15', { k: 'x' }));
    h.watermark(15);
    const rt = h.pattern();
    expect(rt.keyCount).toBe(1);
    expect(rt.openPartialMatches).toBe(1);
    expect(bufferNodes(rt)).toBe(1);
  });

  test('after a match completes and nothing else is open', () => {
    const h = harness('rule r { key k pattern a -> b where a: type == "a" b: type == "b" }');
    h.send(...evs('a1@0 b1@1 x@2', { k: 'x' }));
    expect(h.takeShort()).toEqual(['match a=a1;b=b1']);
    expect(h.pattern().keyCount).toBe(0);
  });

  test('after a strict pattern breaks', () => {
    const h = harness('rule r { key k pattern a b where a: type == "a" b: type == "b" }');
    h.send(...evs('a1@0 x1@1 x2@2', { k: 'x' }));
    expect(h.pattern().keyCount).toBe(0);
  });

  test('after an absence is emitted, and after a b killed it', () => {
    const h = harness('rule r { key k pattern a -> !b where a: type == "a" b: type == "b" within 10ms }');
    h.send(...evs('a1@0', { k: 'x' }), ...evs('a2@1 b2@2', { k: 'y' }), ev('z', 20, { k: 'z' }));
    expect(h.takeShort()).toEqual(['match a=a1']);
    expect(h.pattern().keyCount).toBe(0);
    expect(bufferNodes(h.pattern())).toBe(0);
  });

  test('events that cannot start a match create no key at all', () => {
    const h = harness('rule r { key k pattern a -> b where a: type == "a" b: type == "b" within 10ms }');
    for (let i = 0; i < 1000; i++) h.send(ev(`x${i}`, i, { type: 'b', k: `k${i}` }));
    expect(h.pattern().keyCount).toBe(0);
    expect(h.engine.takeDirty()[0].keys).toEqual([]);
  });

  test('skip pruning releases the pruned matches\' and partial matches\' events', () => {
    const h = harness('rule r { key k pattern a -> b where a: type == "a" b: type == "b" skip past last }');
    h.send(...evs('a1@0 a2@1 a3@2 b1@3 x@4', { k: 'x' }));
    expect(h.takeShort()).toEqual(['match a=a1;b=b1']);
    expect(h.pattern().keyCount).toBe(0);
    expect(bufferNodes(h.pattern())).toBe(0);
    const open = harness('rule r { key k pattern a -> b -> c where a: type == "a" b: type == "b" c: type == "c" skip past last }');
    open.send(...evs('a1@0 b1@1 a2@2 c1@3 x@4', { k: 'x' }));
    expect(open.takeShort()).toEqual(['match a=a1;b=b1;c=c1']);
    // [a2] was still open, waiting for b: pruned, its event released
    expect(open.pattern().openPartialMatches).toBe(0);
    expect(open.pattern().keyCount).toBe(0);
    expect(bufferNodes(open.pattern())).toBe(0);
  });

  test('a long stream over few keys keeps the state bounded by what can still match', () => {
    const h = harness('rule r { key k pattern a -> b -> c where a: type == "a" b: type == "b" c: type == "c" within 20ms }');
    const types = ['a', 'b', 'x', 'c', 'b', 'a', 'x'];
    let maxNodes = 0;
    for (let i = 0; i < 5000; i++) {
      h.send(ev(`e${i}`, i, { type: types[(i * 7 + (i >> 3)) % types.length], k: `k${i % 10}` }));
      if (i % 100 === 0) maxNodes = Math.max(maxNodes, bufferNodes(h.pattern()));
    }
    // each key sees ~2 events per 20ms window
    expect(maxNodes).toBeLessThan(10 * 10);
    h.watermark(5100);
    expect(h.pattern().keyCount).toBe(0);
    expect(bufferNodes(h.pattern())).toBe(0);
  });
});

describe('prior keeps per-key state, constant in size', () => {
  const rules = 'rule spike { key k pattern tx where tx: prior.count() >= 3 and amount > 2 * prior.avg(amount) emit { n: prior.count() } }';

  test('keys with prior state are kept although nothing is open, and the state does not grow', () => {
    const h = harness(rules);
    const size = () => JSON.stringify(h.pattern().exportKey('x')).length;
    for (let i = 0; i < 10; i++) h.send(ev(`e${i}`, i, { k: 'x', amount: 10 + (i % 3) }));
    const small = size();
    for (let i = 10; i < 3000; i++) h.send(ev(`e${i}`, i, { k: 'x', amount: 10 + (i % 3) }));
    h.send(ev('y', 5000, { k: 'y', amount: 1 }));
    h.watermark(5000);
    expect(h.pattern().keyCount).toBe(2);
    expect(h.pattern().openPartialMatches).toBe(0);
    expect(bufferNodes(h.pattern())).toBe(0);
    expect(size()).toBeLessThan(small + 20);
    expect(h.alerts).toEqual([]);
    h.send(ev('big', 5001, { k: 'x', amount: 100 }), ev('z', 5002, { k: 'y', amount: 1 }));
    expect(h.take().map((a) => [a.key, a.fields.n])).toEqual([['x', 3000]]);
  });
});
