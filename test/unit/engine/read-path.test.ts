// Reading a time or key path: only the event's own fields count, never what its prototype
// inherits, and never an array's properties by name.
import { keyExtractor } from '../../../src/engine/keys';
import { readEventTime, readPath } from '../../../src/engine/time/event-time';

const ev = (json: string): unknown => JSON.parse(json);

test('own fields, nested objects and array indexes', () => {
  expect(readPath(ev('{"a":{"b":[1,{"c":"x"}]}}'), ['a', 'b', 1, 'c'])).toBe('x');
  expect(readPath(ev('{"a":null}'), ['a'])).toBeNull();
  expect(readPath(ev('{"a":null}'), ['a', 'b'])).toBeUndefined();
  expect(readPath(ev('{"a":0}'), ['a'])).toBe(0);
  expect(readPath(ev('{"a":false}'), ['a'])).toBe(false);
});

test('inherited names read as missing; own fields of those names are data', () => {
  for (const name of ['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__', '__defineGetter__']) {
    expect(readPath(ev('{"x":1}'), [name])).toBeUndefined();
    expect(readPath(ev(`{"${name}":"own"}`), [name])).toBe('own');
  }
  expect(readPath(ev('{"__proto__":{"k":"v"}}'), ['__proto__', 'k'])).toBe('v');
  expect(readPath(ev('{"a":{}}'), ['a', '__proto__'])).toBeUndefined();
});

test('arrays have no named fields, objects no indexes', () => {
  expect(readPath(ev('{"a":[1,2]}'), ['a', 'length'])).toBeUndefined();
  expect(readPath(ev('{"a":{"0":"x"}}'), ['a', 0])).toBeUndefined();
  expect(readPath(ev('{"a":[1,2]}'), ['a', 5])).toBeUndefined();
});

test('an inherited name is neither a time nor a key', () => {
  expect(readEventTime(ev('{"x":1}'), ['valueOf'])).toBeNaN();
  expect(keyExtractor([['constructor']])(ev('{"x":1}')).value).toBeUndefined();
  expect(keyExtractor([['constructor']])(ev('{"constructor":"c1"}')).value).toBe('c1');
});
