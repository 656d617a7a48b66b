// Event time from a JSON value: epoch milliseconds (a finite number) or an ISO-8601 date-time
// string. A string without an offset is read as UTC, so the result never depends on the host's
// time zone. Anything else has no time (null). Used by `time(x)`; the runtime may share it.

import type { PathSeg } from '../ast';
import { getPath } from './values';

// date, optional time (minutes, seconds, fraction), optional zone: Z, +hh, +hhmm or +hh:mm
const ISO = new RegExp(
  '^(\\d{4})-(\\d{2})-(\\d{2})' +
    '(?:[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?' +
    '(?:([Zz])|([+-])(\\d{2})(?::?(\\d{2}))?)?$',
);
// the same in ISO-8601's basic format: 20231115, 20231115T0830, 20231115T083001.5+0100
const ISO_BASIC = new RegExp(
  '^(\\d{4})(\\d{2})(\\d{2})' +
    '(?:[Tt](\\d{2})(\\d{2})(?:(\\d{2})(?:[.,](\\d+))?)?)?' +
    '(?:([Zz])|([+-])(\\d{2})(\\d{2})?)?$',
);

/** Milliseconds since the epoch of a number or ISO-8601 string; null when it is neither. */
export function parseEventTime(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string' || v.length > 64) return null;
  const m = ISO.exec(v) ?? ISO_BASIC.exec(v);
  return m === null ? null : isoToMs(m);
}

/** The time of an event object read at the source's time path. */
export function readEventTime(event: unknown, timePath: readonly PathSeg[]): number | null {
  return parseEventTime(getPath(event, timePath));
}

function isoToMs(m: RegExpExecArray): number | null {
  const [year, month, day, hour, min, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7].slice(0, 9)}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || min > 59 || sec > 59) return null;
  const days = daysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + min) * 60_000 + sec * 1000 + ms - offsetMs(m);
}

/** The zone offset east of UTC in ms: `+02:00` is 7 200 000; none or `Z` is 0. */
function offsetMs(m: RegExpExecArray): number {
  if (m[9] === undefined) return 0;
  const minutes = Number(m[10]) * 60 + Number(m[11] ?? 0);
  return (m[9] === '-' ? -minutes : minutes) * 60_000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (plain arithmetic: no Date, no zone). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
