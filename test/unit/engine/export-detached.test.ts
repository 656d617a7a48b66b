// Exported key state shares nothing mutable with the running engine: a snapshot serialised
// after more events (a store writing asynchronously) must still hold the state at export time.
import type { Alert } from '../../../src/engine/alert';
import { feed, newEngine } from '../../helpers/engine-run';

test.each([
  ['window', 'rule w { key k window tumbling 100ms aggregate n = count(), s = sum(v) }'],
  ['prior', 'rule p { key k pattern a -> b where a: v > prior.avg(v) b: v > 100 emit { m: prior.max(v) } }'],
])('%s state is a detached copy', (_kind, rules) => {
  const alerts: Alert[] = [];
  const e = newEngine(rules, alerts);
  feed(e, [{ k: 'x', v: 1, ts: 1 }, { k: 'x', v: 2, ts: 2 }, { k: 'x', v: 3, ts: 3 }]);
  const exported = e.exportState();
  const before = JSON.stringify(exported);
  feed(e, [{ k: 'x', v: 50, ts: 4 }, { k: 'x', v: 60, ts: 5 }], 3);
  expect(JSON.stringify(exported)).toBe(before);
});
