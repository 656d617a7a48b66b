// The scalar functions and special forms of LANGUAGE.md section 6.

import type { ExprEnv } from '../../../src/lang/expr/env';
import { parseEventTime } from '../../../src/lang/expr/event-time';
import { codes, evalText } from './harness';

const E = { n: -2.5, p: 2.5, s: 'Héllo', emoji: '😀x', arr: [1, 2, 3], nul: null, obj: { a: null, b: { c: 1 } } };

describe('functions', () => {
  test.each([
    ['abs(n)', 2.5],
    ['abs(s)', null],
    ['round(p)', 3],
    ['round(n)', -3],
    ['round(0.5)', 1],
    ['round(-0.5)', -1],
    ['round(1.4999)', 1],
    ['round(-0.2)', 0],
    ['floor(n)', -3],
    ['ceil(n)', -2],
    ['ceil(-0.5)', 0],
    ['floor(missing)', null],
    ['lower(s)', 'héllo'],
    ['upper(s)', 'HÉLLO'],
    ['lower(arr)', null],
    ['len(s)', 5],
    ['len(emoji)', 3],
    ['len(arr)', 3],
    ['len(obj)', null],
    ['len(missing)', null],
    ['len("")', 0],
    ['coalesce(missing, nul, 7, 8)', 7],
    ['coalesce(missing, nul)', null],
    ['coalesce(missing, false)', false],
    ['if(p > 1, "big", "small")', 'big'],
    ['if(missing > 1, "big", "small")', 'small'],
    ['if(p, 1, 2)', 2],
    ['min(3, 1, 2)', 1],
    ['max(3, 1, 2)', 3],
    ['min(1, missing)', null],
    ['exists(obj.a)', true],
    ['exists(obj.z)', false],
    ['exists(obj.b.c)', true],
    ['exists(missing.b)', false],
    ['exists(nul)', true],
    ['exists(missing)', false],
    ['exists(arr[2])', true],
    ['exists(arr[3])', false],
    ['exists(event["n"])', true],
    ['5m + 1s', 301000],
    ['500ms * 2', 1000],
  ])('%s', (src, expected) => {
    expect(evalText(src, E)).toEqual(expected);
  });

  test('coalesce does not evaluate past the first non-null argument', () => {
    let asked = 0;
    const steps = { events: () => { asked++; return []; } };
    const env: ExprEnv = { context: 'emit', steps: ['s'] };
    expect(evalText('coalesce(1, count(s))', {}, env, { steps })).toBe(1);
    expect(asked).toBe(0);
  });
});

describe('time', () => {
  const env: ExprEnv = { context: 'emit', steps: [], timePath: ['meta', 'ts'] };

  test('time(event) is the scope time', () => {
    expect(evalText('time(event)', {}, env, { time: 1234 })).toBe(1234);
  });

  test('time of an event-valued expression reads the source time path', () => {
    const event = { parent: { meta: { ts: 1000 } }, iso: { meta: { ts: '2024-01-02T03:04:05.678Z' } } };
    expect(evalText('time(parent)', event, env)).toBe(1000);
    expect(evalText('time(iso)', event, env)).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    expect(evalText('time(missing)', event, env)).toBe(null);
  });

  test.each([
    [0, 0],
    [1.5, 1.5],
    ['2024-01-02T03:04:05Z', Date.UTC(2024, 0, 2, 3, 4, 5)],
    ['2024-01-02T03:04:05.1Z', Date.UTC(2024, 0, 2, 3, 4, 5, 100)],
    ['2024-01-02T03:04:05+02:00', Date.UTC(2024, 0, 2, 1, 4, 5)],
    ['2024-01-02T03:04:05-0130', Date.UTC(2024, 0, 2, 4, 34, 5)],
    ['2024-01-02T03:04:05', Date.UTC(2024, 0, 2, 3, 4, 5)],
    ['2024-01-02 03:04', Date.UTC(2024, 0, 2, 3, 4)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['1969-12-31T23:59:59Z', -1000],
    ['2023-02-29', null],
    ['2024-13-01', null],
    ['2024-01-01T24:00:00Z', null],
    ['yesterday', null],
    ['', null],
    [null, null],
    [true, null],
    [Infinity, null],
  ])('parseEventTime(%p)', (v, expected) => {
    expect(parseEventTime(v)).toBe(expected);
  });

  test('time(s) forms need steps visible', () => {
    expect(codes('time(first(x)) > 0', { context: 'filter', steps: [] })).toEqual(['CEP2522']);
  });
});
