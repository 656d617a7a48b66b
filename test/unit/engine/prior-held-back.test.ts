// LANGUAGE.md 5.5: in emit, `prior` reads the state before the event that completed the match,
// also when a skip strategy holds the match back behind an earlier partial match.
import type { Alert } from '../../../src/engine/alert';
import { feed, newEngine } from '../../helpers/engine-run';

const RULES = `
rule r {
  key k
  pattern x -> y
  where
    x: type == "x"
    y: type == "y" and v == x.v
  skip to next
  emit { n: prior.count(), first: x.id }
}`;

test('a held-back match reads prior as of its completion', () => {
  const alerts: Alert[] = [];
  const e = newEngine(RULES, alerts);
  feed(e, [
    { id: 'x1', k: 'a', type: 'x', v: 1, ts: 1 },
    { id: 'x2', k: 'a', type: 'x', v: 2, ts: 2 },
    { id: 'y2', k: 'a', type: 'y', v: 2, ts: 3 }, // completes [x2 y2], held back behind [x1]
    { id: 'y1', k: 'a', type: 'y', v: 1, ts: 4 }, // completes [x1 y1]; both go out now
  ]);
  e.finish();
  expect(alerts.map((a) => [a.fields.first, a.fields.n])).toEqual([
    ['x1', 3],
    ['x2', 2],
  ]);
});
