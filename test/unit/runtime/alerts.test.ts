// Alerts (LANGUAGE.md 10): field order and shape, deterministic ids, `events` in step order,
// `version` as a hash of the rule's normalised source.

import { compileRules, ev, evs, harness } from '../../fixtures/runtime/harness';

const rule = `rule r {
  severity high
  key k
  pattern first -> second+ greedy -> third
  where
    third: type == "c"
    second: type == "b"
    first: type == "a"
  within 1m
  emit { n: count(second), last_v: v, p: prior.count() }
  on timeout emit { n: count(second) }
}`;

const events = [
  ev('a1', 1000, { type: 'a', k: 'x', v: 1 }),
  ev('b1', 1001, { type: 'b', k: 'x', v: 2 }),
  ev('b2', 1002, { type: 'b', k: 'x', v: 3 }),
  ev('c1', 1003, { type: 'c', k: 'x', v: 4 }),
  ev('a2', 1004, { type: 'a', k: 'x', v: 5 }),
];

describe('alert shape', () => {
  test('fields in the documented order, with the documented values', () => {
    const h = harness(rule, () => 1_700_000_000_123);
    h.send(...events);
    h.finish();
    // the match, then at the end the loop's branch [a1 b1 b2] and [a2] time out
    expect(h.alerts.map((a) => a.kind)).toEqual(['match', 'timeout', 'timeout']);
    const [m, , t] = h.alerts;
    expect(Object.keys(m)).toEqual(['id', 'rule', 'version', 'kind', 'key', 'severity', 'start', 'end', 'detectedAt', 'events', 'fields']);
    expect(JSON.stringify(m).startsWith('{"id":')).toBe(true);
    expect(m).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      rule: 'r',
      version: h.engine.rules.rules[0].version,
      kind: 'match',
      key: 'x',
      severity: 'high',
      start: 1000,
      end: 1003,
      detectedAt: 1_700_000_000_123,
      events: { first: [events[0]], second: [events[1], events[2]], third: [events[3]] },
      fields: { n: 2, last_v: 4, p: 3 },
    });
    expect(Object.keys(t)).toEqual(Object.keys(m));
    expect([t.kind, t.start, t.end, t.fields]).toEqual(['timeout', 1004, 61004, { n: 0 }]);
  });

  test('`events` keys follow the pattern order, not the `where` order', () => {
    const h = harness(rule);
    h.send(...events);
    h.finish();
    for (const a of h.alerts) expect(Object.keys(a.events)).toEqual(['first', 'second', 'third']);
  });

  test('negated steps have no entry in `events`', () => {
    const h = harness('rule r { pattern z -> !y -> a where z: type == "z" y: type == "y" a: type == "a" }');
    h.send(...evs('z1@1 a1@2'));
    h.finish();
    expect(Object.keys(h.alerts[0].events)).toEqual(['z', 'a']);
  });

  test('severity defaults to medium; empty emit gives empty fields', () => {
    const h = harness('rule r { pattern a }');
    h.send(ev('a1', 1));
    h.finish();
    expect([h.alerts[0].severity, h.alerts[0].fields, h.alerts[0].key]).toEqual(['medium', {}, null]);
  });
});

describe('ids', () => {
  test('the same input gives the same ids, whatever the clock', () => {
    const a = harness(rule, () => 1);
    const b = harness(rule, () => 2);
    a.send(...events);
    b.send(...events);
    a.finish();
    b.finish();
    expect(a.alerts.map((x) => x.id)).toEqual(b.alerts.map((x) => x.id));
    expect(a.alerts.map((x) => x.detectedAt)).toEqual([1, 1, 1]);
  });

  test('the same events at other positions give other ids', () => {
    const a = harness(rule);
    const b = harness(rule);
    a.send(...events);
    b.send(ev('noise', 0, { k: 'x' }), ...events); // every position shifted by one
    a.finish();
    b.finish();
    expect(b.alerts.map((x) => x.events)).toEqual(a.alerts.map((x) => x.events));
    const ids = new Set([...a.alerts, ...b.alerts].map((x) => x.id));
    expect(ids.size).toBe(6);
  });

  test('ids differ by kind, key, rule and rule version', () => {
    const make = (text: string, k = 'x') => {
      const h = harness(text);
      h.send(...evs('a1@0 b1@1', { k }));
      h.finish();
      return h.alerts[0].id;
    };
    const base = 'rule r { key k pattern a -> b where a: type == "a" b: type == "b" }';
    const id = make(base);
    expect(make(base)).toBe(id);
    expect(make(base, 'y')).not.toBe(id);
    expect(make(base.replace('rule r', 'rule q'))).not.toBe(id);
    expect(make(base.replace('}', ' severity low }'))).not.toBe(id);
    // `a !b` at the end: [a1] is a match when a non-b comes before 10, a timeout when none does;
    // same rule, key and positions, different kinds
    const strict = 'rule r { key k pattern a !b where a: type == "a" b: type == "b" within 10ms on timeout emit {} }';
    const m = harness(strict);
    m.send(...evs('a1@0 x1@5', { k: 'x' }));
    m.finish();
    const t = harness(strict);
    t.send(...evs('a1@0 x1@20', { k: 'x' }));
    t.finish();
    expect(m.alerts.map((a) => a.kind)).toEqual(['match']);
    expect(t.alerts.map((a) => a.kind)).toEqual(['timeout']);
    expect(m.alerts[0].events).toEqual(t.alerts[0].events);
    expect(m.alerts[0].id).not.toBe(t.alerts[0].id);
  });

  test('every alert of a run has its own id', () => {
    const h = harness('rule r { key k pattern a ->> b where a: type == "a" b: type == "b" }');
    h.send(...evs('a1@0 a2@1 b1@2 b2@3', { k: 'x' }), ...evs('a3@4 b3@5', { k: 'y' }));
    h.finish();
    expect(h.alerts.length).toBe(5);
    expect(new Set(h.alerts.map((a) => a.id)).size).toBe(5);
  });
});

describe('version', () => {
  const version = (text: string, name = 'r') => compileRules(text).rules.find((r) => r.name === name)!.version;
  const base = 'rule r { key k pattern a -> b where a: type == "a" b: type == "b" within 10m emit { x: 1 } }';

  test('stable under reformatting and comments', () => {
    const v = version(base);
    expect(v).toMatch(/^[0-9a-f]+$/);
    expect(
      version(`// leading comment
rule r {
  key k        // the key
  pattern a -> b
  where
    a: type == "a"   /* block */
    b: type == "b"
  within 10m
  emit { x: 1 }
}`),
    ).toBe(v);
    expect(version(`rule r{key k pattern a->b where a:type=="a" b:type=="b" within 10m emit{x:1}}`)).toBe(v);
  });

  test('independent of other rules and of the file', () => {
    const v = version(base);
    expect(version(`rule other { pattern z }\n${base}`)).toBe(v);
    const set = compileRules([{ file: 'elsewhere/x.cep', text: base }]);
    expect(set.rules[0].version).toBe(v);
  });

  test('changed by a semantic change', () => {
    const v = version(base);
    const changes = [
      base.replace('within 10m', 'within 11m'),
      base.replace('"b" within', '"c" within'),
      base.replace('a -> b', 'a ->> b'),
      base.replace('x: 1', 'x: 2'),
      base.replace('key k', 'key j'),
      `${base.slice(0, -1)} severity high }`,
    ];
    for (const c of changes) expect(version(c)).not.toBe(v);
    expect(new Set(changes.map((c) => version(c))).size).toBe(changes.length);
  });

  test('alerts carry the version of the rule that produced them', () => {
    const h = harness(base);
    h.send(...evs('a1@0 b1@1', { k: 'x' }));
    h.finish();
    expect(h.alerts[0].version).toBe(version(base));
  });
});

describe('description and tags (LANGUAGE.md 4: shown in alerts)', () => {
  test('a rule with them puts them on its alerts, after the section 10 fields', () => {
    const h = harness('rule r { description "one a" tags ["t1", "t2"] key k pattern a where a: type == "a" }');
    h.send(ev('a1', 1, { type: 'a', k: 'x' }));
    h.finish();
    const [a] = h.take();
    expect(a).toMatchObject({ description: 'one a', tags: ['t1', 't2'] });
    expect(Object.keys(a).slice(-2)).toEqual(['description', 'tags']);
  });

  test('window alerts carry them too; a rule without them adds no such fields', () => {
    const h = harness('rule w { tags ["w"] key k window tumbling 10ms aggregate n = count() } rule r { key k pattern a where a: type == "a" }');
    h.send(ev('a1', 1, { type: 'a', k: 'x' }));
    h.finish();
    const out = h.take();
    expect(out.find((a) => a.rule === 'w')).toMatchObject({ tags: ['w'] });
    expect(out.find((a) => a.rule === 'w')).not.toHaveProperty('description');
    const plain = out.find((a) => a.rule === 'r');
    expect(plain).not.toHaveProperty('description');
    expect(plain).not.toHaveProperty('tags');
  });
});
