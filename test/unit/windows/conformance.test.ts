// The window conformance cases, in-process: through the Engine (as `cepheus run`), and in
// Flink's arrival order straight into the runtime.

import { CASES_DIR, compareAlerts, loadCases, runInArrivalOrder, runThroughEngine } from './case-runner';

const cases = [...loadCases(`${CASES_DIR}/windows`), ...loadCases(`${CASES_DIR}/window-differential`)].filter(
  ({ c }) => /window /.test(c.rules) || /\bwindow\b/.test(c.rules),
);

describe('window conformance cases (arrival order, as Flink)', () => {
  test.each(cases.map(({ c }) => [c.id, c] as const))('%s', (_id, c) => {
    expect(compareAlerts(c, runInArrivalOrder(c).alerts)).toBeNull();
  });
});

describe('window conformance cases (through the Engine)', () => {
  test.each(cases.map(({ c }) => [c.id, c] as const))('%s', (_id, c) => {
    expect(compareAlerts(c, runThroughEngine(c).alerts)).toBeNull();
  });
});
