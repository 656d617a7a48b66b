// Hot reload through Engine.reload (LANGUAGE.md 12): what each kind of change does to a rule's
// state, and that no event is lost or evaluated twice.

import { compileRules, ev, evs, harness } from '../../fixtures/runtime/harness';

const ab = (opts: { emit?: string; severity?: string; pattern?: string; within?: string; name?: string } = {}) =>
  `rule ${opts.name ?? 'r'} {
  severity ${opts.severity ?? 'low'}
  key k
  pattern ${opts.pattern ?? 'a -> b'}
  where a: type == "a" b: type == "b"
  ${opts.within ?? ''}
  emit { ${opts.emit ?? 'v: 1'} }
}`;

const x = (spec: string) => evs(spec, { k: 'x' });

describe('Engine.reload', () => {
  test('an unchanged rule (even reformatted) keeps its state and runtime', () => {
    const h = harness(ab());
    h.send(...x('a1@1'));
    h.watermark(1);
    const before = h.rt('r');
    const report = h.engine.reload(compileRules(`// reloaded\n${ab().replace(/\n\s*/g, ' ')}`));
    expect(report).toEqual({ added: [], kept: ['r'], carried: [], reset: [], removed: [] });
    expect(h.rt('r')).toBe(before);
    h.send(...x('b1@2'));
    h.finish();
    expect(h.takeShort()).toEqual(['match a=a1;b=b1']);
  });

  test('only emit and severity changed: partial matches carried over, the new emit and severity apply', () => {
    const h = harness(ab());
    h.send(...x('a1@1 a2@2'));
    h.watermark(2);
    const counters = { ...h.rt('r').counters };
    const next = compileRules(ab({ emit: 'v: 2, n: count(a)', severity: 'critical' }));
    const report = h.engine.reload(next);
    expect(report).toEqual({ added: [], kept: [], carried: ['r'], reset: [], removed: [] });
    expect(h.rt('r').openPartialMatches).toBe(2);
    expect(h.rt('r').counters).toEqual(counters);
    h.send(...x('b1@3'));
    h.finish();
    const out = h.take();
    expect(out.map((a) => [a.severity, a.fields, a.version])).toEqual([
      ['critical', { v: 2, n: 1 }, next.rules[0].version],
      ['critical', { v: 2, n: 1 }, next.rules[0].version],
    ]);
    expect(out.map((a) => (a.events.a[0] as { id: string }).id)).toEqual(['a1', 'a2']);
  });

  test('carried partial matches keep their deadlines: timeouts and absences fire under the new rule', () => {
    const timeout = (e: string) =>
      `rule r { key k pattern a -> b where a: type == "a" b: type == "b" within 10ms on timeout emit { e: ${e} } }`;
    const h = harness(timeout('1'));
    h.send(...x('a1@0'));
    h.watermark(0);
    expect(h.engine.reload(compileRules(timeout('2'))).carried).toEqual(['r']);
    h.watermark(10);
    expect(h.take().map((a) => [a.kind, a.fields])).toEqual([['timeout', { e: 2 }]]);
    const absent = (e: string) => `rule r { key k pattern a -> !b where a: type == "a" b: type == "b" within 10ms emit { e: ${e} } }`;
    const h2 = harness(absent('1'));
    h2.send(...x('a1@0'));
    h2.watermark(0);
    expect(h2.engine.reload(compileRules(absent('2'))).carried).toEqual(['r']);
    h2.watermark(10);
    expect(h2.take().map((a) => [a.kind, a.fields])).toEqual([['match', { e: 2 }]]);
  });

  test('carried prior state continues', () => {
    const rule = (e: string) => `rule r { key k pattern t where t: prior.count() >= 2 emit { e: ${e}, n: prior.count() } }`;
    const h = harness(rule('1'));
    h.send(...x('a1@0 a2@1'));
    h.watermark(1);
    expect(h.engine.reload(compileRules(rule('2'))).carried).toEqual(['r']);
    h.send(...x('a3@2'));
    h.finish();
    expect(h.take().map((a) => a.fields)).toEqual([{ e: 2, n: 2 }]);
  });

  test('pattern changed: the rule starts empty and the dropped partial matches are counted', () => {
    const h = harness(ab());
    h.send(...x('a1@1 a2@2'), ...evs('a3@2', { k: 'y' }));
    h.watermark(2);
    const report = h.engine.reload(compileRules(ab({ pattern: 'a ->> b' })));
    expect(report).toEqual({ added: [], kept: [], carried: [], reset: [{ name: 'r', dropped: 3 }], removed: [] });
    expect(h.rt('r').openPartialMatches).toBe(0);
    expect(h.rt('r').keyCount).toBe(0);
    h.send(...x('b1@3'));
    h.finish();
    expect(h.alerts).toEqual([]);
  });

  test('a change of within resets too (the automaton changed)', () => {
    const h = harness(ab({ within: 'within 1m' }));
    h.send(...x('a1@1'));
    h.watermark(1);
    expect(h.engine.reload(compileRules(ab({ within: 'within 2m' }))).reset).toEqual([{ name: 'r', dropped: 1 }]);
  });

  test('a removed rule\'s state is gone; adding it back starts empty', () => {
    const both = `${ab()}\n${ab({ name: 'q' })}`;
    const h = harness(both);
    h.send(...x('a1@1'));
    h.watermark(1);
    expect(h.engine.reload(compileRules(ab({ name: 'q' })))).toEqual({ added: [], kept: ['q'], carried: [], reset: [], removed: ['r'] });
    expect(h.engine.runtimes.has('r')).toBe(false);
    expect(h.engine.exportState().rules.map((r) => r.name)).toEqual(['q']);
    h.send(...x('b1@2'));
    h.watermark(2);
    expect(h.take().map((a) => a.rule)).toEqual(['q']);
    expect(h.engine.reload(compileRules(both)).added).toEqual(['r']);
    h.send(...x('b2@3'));
    h.finish();
    expect(h.take().map((a) => a.rule)).toEqual([]);
  });

  test('events queued in the source during a reload are evaluated by the new rule set, once', () => {
    const src = 'source events { watermark 1h }\n';
    const h = harness(src + ab());
    h.send(...x('a1@1 b1@2 c1@3'));
    expect(h.engine.sources.get('events')!.queued).toBe(3);
    const report = h.engine.reload(
      compileRules(src + ab({ pattern: 'a -> c' }).replace('b: type == "b"', 'c: type == "c"') + `\n${ab({ name: 'added' })}`),
    );
    expect(report.reset).toEqual([{ name: 'r', dropped: 0 }]);
    expect(report.added).toEqual(['added']);
    h.finish();
    expect(h.take().map((a) => [a.rule, Object.values(a.events).flat().map((e) => (e as { id: string }).id)])).toEqual([
      ['added', ['a1', 'b1']],
      ['r', ['a1', 'c1']],
    ]);
    expect(h.rt('r').counters.events).toBe(3);
  });

  test('the watermark survives a reload: an event late before it is late after', () => {
    const h = harness(ab());
    h.send(...x('a1@10'));
    h.engine.reload(compileRules(ab({ emit: 'v: 3' })));
    h.send(...x('b1@9'));
    expect(h.rt('r').counters.late).toBe(1);
    expect(h.dead.map((d) => d.reason)).toEqual(['late']);
  });

  test('a disabled rule is removed by a reload', () => {
    const h = harness(ab());
    h.send(...x('a1@1'));
    h.watermark(1);
    const report = h.engine.reload(compileRules(ab().replace('severity low', 'severity low enabled false')));
    expect(report.removed).toEqual(['r']);
    expect(h.engine.runtimes.size).toBe(0);
    h.send(ev('b1', 2, { type: 'b', k: 'x' }));
    h.finish();
    expect(h.alerts).toEqual([]);
  });
});
