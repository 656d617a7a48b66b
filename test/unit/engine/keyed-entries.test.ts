// The per-key entries of a rule runtime: which entry is its key's live one decides whether a
// queued deadline still applies and whether forgetting it removes anything.
import { KeyedEntries } from '../../../src/engine/keyed-entries';

class Entry {
  gone = true;
  constructor(
    readonly text: string,
    readonly partition = 'p0',
  ) {}
}

test('an entry is current once stored, until forgotten, dropped or replaced', () => {
  const keys = new KeyedEntries<Entry>();
  const a = new Entry('k');
  expect(keys.isCurrent(a)).toBe(false);
  keys.set(a);
  expect(keys.isCurrent(a)).toBe(true);
  const b = new Entry('k');
  keys.loaded(b);
  expect([keys.isCurrent(a), keys.isCurrent(b), keys.get('k')]).toEqual([false, true, b]);
  keys.drop('k');
  expect([keys.isCurrent(b), keys.get('k'), keys.size]).toEqual([false, undefined, 0]);
});

test('forgetting an entry that is not the live one leaves the live one alone', () => {
  const keys = new KeyedEntries<Entry>();
  const live = new Entry('k');
  keys.set(live);
  keys.forget(new Entry('k')); // never stored
  const old = new Entry('k2');
  keys.set(old);
  const newer = new Entry('k2');
  keys.set(newer);
  keys.forget(old); // replaced
  expect([keys.get('k'), keys.get('k2'), keys.size]).toEqual([live, newer, 2]);
  keys.forget(live);
  keys.forget(live);
  expect([keys.get('k'), keys.isCurrent(live), keys.size]).toEqual([undefined, false, 1]);
});

test('changes are tracked once asked for: forgotten keys come back as changed', () => {
  const keys = new KeyedEntries<Entry>();
  const a = new Entry('a');
  keys.set(a);
  expect(keys.takeDirty()).toEqual([['a', 'p0']]);
  keys.forget(a);
  expect(keys.takeDirty()).toEqual([['a', 'p0']]);
  expect(keys.takeDirty()).toEqual([]);
});
