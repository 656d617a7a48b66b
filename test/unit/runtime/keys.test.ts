// Partition keys (LANGUAGE.md 4 `key`, 6 `key`): unusable keys are counted and skipped, scalar
// keys become text, several paths give an array key, no key clause gives one global partition.

import { ev, harness } from '../../fixtures/runtime/harness';

const ab = (keyClause: string, emit = '') =>
  `rule ab { ${keyClause} pattern a b where a: type == "a" b: type == "b" ${emit} }`;

describe('unusable keys', () => {
  test('missing, null, object and array keys are skipped and counted as dropped', () => {
    const h = harness(ab('key k'));
    h.send(
      ev('a0', 1, { type: 'a' }),
      ev('a1', 2, { type: 'a', k: null }),
      ev('a2', 3, { type: 'a', k: { v: 1 } }),
      ev('a3', 4, { type: 'a', k: ['x'] }),
      ev('a4', 5, { type: 'a', k: [] }),
      ev('a5', 6, { type: 'a', k: 'x' }),
      ev('b1', 7, { type: 'b', k: 'x' }),
    );
    h.finish();
    expect(h.takeShort()).toEqual(['match a=a5;b=b1']);
    expect(h.rt().counters.dropped).toBe(5);
    expect(h.rt().counters.events).toBe(2);
  });

  test('a skipped event is invisible to the key: it does not break strict contiguity of any key', () => {
    const h = harness(ab('key k'));
    h.send(ev('a1', 1, { type: 'a', k: 'x' }), ev('b0', 2, { type: 'b', k: null }), ev('b1', 3, { type: 'b', k: 'x' }));
    h.finish();
    expect(h.takeShort()).toEqual(['match a=a1;b=b1']);
  });

  test('skipped events still advance the watermark', () => {
    const h = harness('rule r { key k pattern a -> !b where a: type == "a" b: type == "b" within 10ms }');
    h.send(ev('a1', 0, { type: 'a', k: 'x' }), ev('n', 10, { k: null }));
    expect(h.takeShort()).toEqual([]);
    h.send(ev('n2', 11, { k: {} }));
    expect(h.takeShort()).toEqual(['match a=a1']);
    expect(h.rt().counters.dropped).toBe(1); // n2 waits for the watermark like any event
    h.finish();
    expect(h.rt().counters.dropped).toBe(2);
  });

  test('with several key paths, one unusable part drops the event', () => {
    const h = harness(ab('key user, card'));
    h.send(ev('a1', 1, { type: 'a', user: 'u', card: null }), ev('a2', 2, { type: 'a', card: 7 }));
    h.finish();
    expect(h.rt().counters.dropped).toBe(2);
  });
});

describe('scalar keys', () => {
  test('numbers become their JSON text: 2 and 2.0 are the same key, the alert key is "2"', () => {
    const h = harness(ab('key k', 'emit { k: key }'));
    h.send(ev('a1', 1, { type: 'a', k: 2 }), ev('b1', 2, { type: 'b', k: 2.0 }));
    h.send(ev('a2', 3, { type: 'a', k: 2 }), ev('b2', 4, { type: 'b', k: '2' }));
    h.finish();
    expect(h.alerts.map((a) => [a.key, a.fields.k])).toEqual([
      ['2', '2'],
      ['2', '2'],
    ]);
    expect(h.takeShort()).toEqual(['match a=a1;b=b1', 'match a=a2;b=b2']);
  });

  test('different numbers are different keys; so are 1 and true', () => {
    const h = harness(ab('key k'));
    h.send(ev('a1', 1, { type: 'a', k: 1 }), ev('b1', 2, { type: 'b', k: true }), ev('b2', 3, { type: 'b', k: 1.5 }));
    h.finish();
    expect(h.alerts).toEqual([]);
  });

  test('booleans become "true" / "false"', () => {
    const h = harness(ab('key k'));
    h.send(ev('a1', 1, { type: 'a', k: false }), ev('b1', 2, { type: 'b', k: false }));
    h.finish();
    expect(h.alerts.map((a) => a.key)).toEqual(['false']);
  });

  test('events of different keys never share a partial match', () => {
    const h = harness(ab('key k'));
    h.send(
      ev('a1', 1, { type: 'a', k: 'x' }),
      ev('a2', 2, { type: 'a', k: 'y' }),
      ev('b2', 3, { type: 'b', k: 'y' }),
      ev('b1', 4, { type: 'b', k: 'x' }),
    );
    h.finish();
    expect(h.alerts.map((a) => [a.key, ...Object.values(a.events).flat().map((e) => (e as { id: string }).id)])).toEqual([
      ['y', 'a2', 'b2'],
      ['x', 'a1', 'b1'],
    ]);
  });

  test('a nested key path', () => {
    const h = harness(ab('key user.id'));
    h.send(ev('a1', 1, { type: 'a', user: { id: 9 } }), ev('b1', 2, { type: 'b', user: { id: 9 } }));
    h.finish();
    expect(h.alerts.map((a) => a.key)).toEqual(['9']);
  });
});

describe('several key paths', () => {
  test('the key is an array of texts, in alerts and in expressions', () => {
    const h = harness(ab('key user, card', 'emit { k: key, first: key[0] }'));
    h.send(
      ev('a1', 1, { type: 'a', user: 'u1', card: 7 }),
      ev('a2', 2, { type: 'a', user: 'u1', card: 8 }),
      ev('b1', 3, { type: 'b', user: 'u1', card: 7.0 }),
    );
    h.finish();
    expect(h.alerts.map((a) => [a.key, a.fields])).toEqual([[['u1', '7'], { k: ['u1', '7'], first: 'u1' }]]);
    expect(h.takeShort()).toEqual(['match a=a1;b=b1']);
  });
});

describe('no key clause', () => {
  test('one global partition; the alert key is null', () => {
    const h = harness(ab('', 'emit { k: key }'));
    h.send(ev('a1', 1, { type: 'a', k: 'x' }), ev('b1', 2, { type: 'b', k: 'y' }), ev('b2', 3, { type: 'b' }));
    h.finish();
    expect(h.alerts.map((a) => [a.key, a.fields.k])).toEqual([[null, null]]);
    expect(h.takeShort()).toEqual(['match a=a1;b=b1']);
    expect(h.rt().counters.dropped).toBe(0);
  });
});

describe('key key', () => {
  test('keys by a field named key; in expressions `key` is the partition key, event.key the field', () => {
    const h = harness(ab('key key', 'emit { k: key, f: event.key, g: event["key"] }'));
    h.send(ev('a1', 1, { type: 'a', key: 5 }), ev('b1', 2, { type: 'b', key: 5 }), ev('b2', 3, { type: 'b', key: 6 }));
    h.finish();
    expect(h.alerts.map((a) => [a.key, a.fields])).toEqual([['5', { k: '5', f: 5, g: 5 }]]);
  });
});
