// The window conformance cases, in-process: in Flink's arrival order straight into the runtime,
// and through the Engine (as `cepheus run` feeds it).

import { engineDriver } from './drivers';
import { CASES_DIR, type Case, compareAlerts, loadCases, runInArrivalOrder, runThroughEngine } from './case-runner';

const cases = [...loadCases(`${CASES_DIR}/windows`), ...loadCases(`${CASES_DIR}/window-differential`)]
  .map(({ c }) => c)
  .filter((c) => /\bwindow (tumbling|sliding|session)\b/.test(c.rules));

/** Whether the source hands window rules their on-time events on arrival (`takesArrivals`). */
function engineGivesArrivals(): boolean {
  const d = engineDriver('source events { watermark 1s } rule w { window tumbling 10ms aggregate n = count() }');
  d.send({ ts: 5 });
  return d.rt.keyCount === 1;
}

// Without arrivals, an event exactly at a session's end reaches the rule only after its own
// watermark fired that session (Flink merges it first): those cases wait for the engine.
const needsArrivals = (c: Case) => /touch/.test(c.about ?? '');
const arrivals = engineGivesArrivals();

describe('window conformance cases (arrival order, as Flink)', () => {
  test.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    expect(compareAlerts(c, runInArrivalOrder(c).alerts)).toBeNull();
  });
});

describe('window conformance cases (through the Engine)', () => {
  for (const c of cases) {
    const run = arrivals || !needsArrivals(c) ? test : test.skip;
    run(`${c.id}${run === test ? '' : ' (needs the source to honour takesArrivals)'}`, () => {
      expect(compareAlerts(c, runThroughEngine(c).alerts)).toBeNull();
    });
  }
});
