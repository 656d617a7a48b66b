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
