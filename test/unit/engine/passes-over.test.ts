// The runtime skips an event that Nfa.passesOver says leaves every branch as it is, without
// even finding its key. Checked against the automaton itself: on every conformance case, each
// time passesOver says so and the key has branches, process() is run anyway on them and must keep
// every branch as the same object, take no event into the buffer and emit nothing.
import { loadCases } from '../../helpers/cases';
import { feed, newEngine } from '../../helpers/engine-run';
import type { Alert } from '../../../src/engine/alert';
import type { Engine } from '../../../src/engine/engine';
import type { KeyRunState, Nfa, NfaOutput } from '../../../src/engine/nfa/nfa';
import { PatternRuntime } from '../../../src/engine/pattern-runtime';
import type { SourceEvent } from '../../../src/engine/output';
import { heldEvent } from '../../../src/engine/nfa/buffered-event';

const cases = loadCases().filter((c) => c.expectError === undefined && c.events.length > 0);

const failOnOutput: NfaOutput = {
  match: () => {
    throw new Error('a passed-over event completed a match');
  },
  timeout: () => {
    throw new Error('a passed-over event timed a branch out');
  },
};

/** Makes every passesOver verdict of the engine's pattern rules checked; returns the tally. */
function checkVerdicts(engine: Engine): { skipped: number } {
  const tally = { skipped: 0 };
  for (const rt of engine.runtimes.values()) {
    if (!(rt instanceof PatternRuntime)) continue;
    const inner = rt as unknown as { nfa: Nfa; keys: { get(text: string): { run: KeyRunState | null } | undefined } };
    const nfa = inner.nfa;
    const passesOver = nfa.passesOver.bind(nfa);
    nfa.passesOver = (ev) => {
      const verdict = passesOver(ev);
      const run = inner.keys.get(rt.rule.keyOf((ev as SourceEvent).value).text)?.run ?? null;
      if (verdict && run !== null) {
        tally.skipped++;
        const branches = [...run.partial];
        const size = run.size;
        nfa.process(run, ev as SourceEvent, failOnOutput);
        expect(run.partial.length).toBe(branches.length);
        run.partial.forEach((cs, i) => expect(cs).toBe(branches[i]));
        expect(run.size).toBe(size);
        expect(run.completed).toBeNull();
      }
      return verdict;
    };
  }
  return tally;
}

describe('an event the automaton passes over changes no branch', () => {
  let skipped = 0;

  test.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const alerts: Alert[] = [];
    const engine = newEngine(c.rules, alerts);
    const tally = checkVerdicts(engine);
    feed(engine, c.events);
    engine.finish();
    skipped += tally.skipped;
  });

  // the check above means something only if the fast path is taken often
  test('the fast path was taken', () => {
    expect(skipped).toBeGreaterThan(100);
  });
});

// A condition that reads the branch's events is judged by its `and` parts that read only the
// event: false there means false for every branch. The verdicts here are checked against
// process() by the cases above only where such rules occur, so they are pinned down directly too.
describe('conditions that read the branch are judged by their event-only parts', () => {
  const rules = `
source events { time ts watermark 0ms }
rule r {
  from events
  key k
  pattern a -> b -> c
  where
    a: type == "a"
    b: type == "b"
    c: type == "c" and amount > first(a).amount
  within 10m
}`;
  const nfaOf = (engine: Engine) => (engine.runtimes.get('r') as unknown as { nfa: Nfa }).nfa;
  const ev = (type: string, amount: number, arrival: number) =>
    heldEvent({ ts: arrival, k: 'x', type, amount }, arrival, String(arrival), arrival, '');

  test('an event no step can want is passed over; one the branch-reading step may want is not', () => {
    const nfa = nfaOf(newEngine(rules, []));
    expect(nfa.passesOver(ev('d', 5, 1))).toBe(true);
    // `type == "c"` holds: whether `amount > first(a).amount` does depends on the branch
    expect(nfa.passesOver(ev('c', 5, 2))).toBe(false);
    expect(nfa.passesOver(ev('b', 5, 3))).toBe(false);
    expect(nfa.passesOver(ev('d', 5, 4))).toBe(true);
  });

  test('a branch waiting for c still takes the c it may want', () => {
    const alerts: Alert[] = [];
    const engine = newEngine(rules, alerts);
    const tally = checkVerdicts(engine);
    feed(engine, [
      { ts: 1, k: 'x', type: 'a', amount: 3, id: 'a1' },
      { ts: 2, k: 'x', type: 'd', amount: 1, id: 'd1' },
      { ts: 3, k: 'x', type: 'b', amount: 1, id: 'b1' },
      { ts: 4, k: 'x', type: 'd', amount: 9, id: 'd2' },
      { ts: 5, k: 'x', type: 'c', amount: 2, id: 'c1' },
      { ts: 6, k: 'x', type: 'c', amount: 4, id: 'c2' },
    ]);
    engine.finish();
    expect(tally.skipped).toBe(2);
    expect(alerts.map((a) => (a.events.c as { id: string }[]).map((e) => e.id))).toEqual([['c2']]);
  });
});
