// Key state written by an earlier release (run state in the first, object-per-item format) is
// still read: Redis and snapshot files keep it across an upgrade. The fixture was exported by
// that release after the first seven events below.
import fs from 'node:fs';
import path from 'node:path';
import type { Alert } from '../../../src/engine/alert';
import type { EngineState } from '../../../src/engine/engine';
import { harness } from '../../fixtures/runtime/harness';

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/state/run-state-v1.json'), 'utf8')) as {
  rules: string;
  events: number;
  state: EngineState;
};

const events: [string, number, string][] = [
  ['a', 0, 'x'], ['b', 1, 'x'], ['a', 2, 'x'], ['b', 3, 'x'], ['a', 4, 'y'], ['b', 5, 'x'], ['z', 6, 'y'],
  ['c', 7, 'x'], ['b', 8, 'y'], ['c', 9, 'y'], ['a', 50, 'x'], ['z', 300, 'x'],
];
const toEvent = ([type, ts, k]: [string, number, string], i: number) => ({ type, ts, k, id: `${type}${i}` });
const brief = (as: Alert[]) => as.map((a) => `${a.kind} ${a.key} ${a.start}-${a.end} ${a.id}`);

test('the fixture holds first-format run state', () => {
  const keys = fixture.state.rules[0].keys;
  expect(keys.length).toBeGreaterThan(0);
  for (const [, json] of keys) expect(json).toMatchObject({ run: { events: expect.any(Array), nodes: expect.any(Array) } });
});

test('a key restored from first-format state continues exactly as an uninterrupted run', () => {
  const straight = harness(fixture.rules);
  straight.send(...events.map(toEvent));
  straight.finish();
  const want = brief(straight.take());
  expect(want.length).toBeGreaterThan(2);

  const restored = harness(fixture.rules);
  restored.engine.importState(fixture.state);
  const rest = events.slice(fixture.events);
  rest.forEach((e, i) => restored.engine.ingest('events', toEvent(e, fixture.events + i), String(fixture.events + i + 1)));
  restored.finish();
  expect(brief(restored.take())).toEqual(want);
});
