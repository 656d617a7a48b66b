// Exporting the engine's state mid-stream (through JSON text, as a snapshot file or a store
// holds it) and importing it into a fresh engine must change nothing: every conformance case,
// cut at every third event, gives the same alerts as an uninterrupted run.
import { loadCases } from '../../helpers/cases';
import { feed, newEngine, signatures } from '../../helpers/engine-run';
import type { Alert } from '../../../src/engine/alert';

const cases = loadCases().filter((c) => c.expectError === undefined && c.events.length > 2);

describe('engine state survives export and import', () => {
  test.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const straight: Alert[] = [];
    const e1 = newEngine(c.rules, straight);
    feed(e1, c.events);
    e1.finish();
    const want = signatures(straight);
    for (let cut = 1; cut < c.events.length; cut += 3) {
      const got: Alert[] = [];
      const a = newEngine(c.rules, got);
      feed(a, c.events.slice(0, cut));
      const text = JSON.stringify(a.exportState());
      const b = newEngine(c.rules, got);
      b.importState(JSON.parse(text));
      feed(b, c.events.slice(cut), cut);
      b.finish();
      expect(signatures(got)).toEqual(want);
    }
  });
});

const plain = cases.filter((c) => !c.events.some((e) => '_watermark' in e));

describe('a partition handed to another engine continues there', () => {
  test.each(plain.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const straight: Alert[] = [];
    const e1 = newEngine(c.rules, straight);
    c.events.forEach((e, i) => e1.ingest('events', e, String(i + 1), 'p7'));
    e1.finish();
    const want = signatures(straight);
    const cut = Math.floor(c.events.length / 2);
    const got: Alert[] = [];
    const a = newEngine(c.rules, got);
    c.events.slice(0, cut).forEach((e, i) => a.ingest('events', e, String(i + 1), 'p7'));
    const moved = JSON.parse(JSON.stringify(a.exportPartition('events', 'p7')));
    a.dropPartition('events', 'p7');
    expect(a.exportState().rules.every((r) => r.keys.length === 0)).toBe(true);
    const b = newEngine(c.rules, got);
    b.importPartition(moved);
    c.events.slice(cut).forEach((e, i) => b.ingest('events', e, String(cut + i + 1), 'p7'));
    b.finish();
    a.finish();
    expect(signatures(got)).toEqual(want);
  });
});

// Releases before source-wide arrival numbers numbered each key's events from the state's `seq`:
// state written now must give them a `seq` above every arrival number it holds, or their next
// events would sort before (and be confused with) the restored ones.
describe('run state keeps a per-key event counter for earlier releases', () => {
  test.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const e = newEngine(c.rules, []);
    feed(e, c.events.slice(0, Math.ceil(c.events.length / 2)));
    for (const rule of e.exportState().rules) {
      for (const [, json] of rule.keys) {
        const run = (json as { run?: { f?: number; seq: number; et: number[] } | null } | null)?.run;
        if (run === null || run === undefined || run.f !== 2) continue;
        const arrivals = run.et.filter((_, i) => i % 2 === 1);
        expect(typeof run.seq).toBe('number');
        for (const a of arrivals) expect(run.seq).toBeGreaterThan(a);
      }
    }
  });
});
