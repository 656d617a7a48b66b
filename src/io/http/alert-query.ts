// Query-string → AlertFilter/AlertQuery. `from`/`to` take epoch milliseconds or ISO-8601.

import { ErrorCodes } from '../../errors';
import type { AlertKind } from '../../engine/alert';
import type { Severity } from '../../lang/ast';
import type { AlertFilter, AlertQuery } from '../ports';
import { HttpError } from './http-errors';

export interface AlertQueryString {
  rule?: string;
  key?: string;
  kind?: AlertKind;
  severity?: Severity;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

export function toFilter(q: AlertQueryString): AlertFilter {
  const f: AlertFilter = {};
  if (q.rule !== undefined) f.rule = q.rule;
  if (q.key !== undefined) f.key = q.key;
  if (q.kind !== undefined) f.kind = q.kind;
  if (q.severity !== undefined) f.severity = q.severity;
  if (q.from !== undefined) f.from = parseTime('from', q.from);
  if (q.to !== undefined) f.to = parseTime('to', q.to);
  return f;
}

export function toQuery(q: AlertQueryString): AlertQuery {
  const query: AlertQuery = { ...toFilter(q), limit: q.limit ?? 100 };
  if (q.cursor !== undefined) query.cursor = q.cursor;
  return query;
}

function parseTime(name: string, value: string): number {
  const ms = /^-?\d+$/.test(value.trim()) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new HttpError(400, ErrorCodes.BAD_REQUEST, `${name}: expected epoch milliseconds or an ISO-8601 time, got ${JSON.stringify(value)}`);
  }
  return ms;
}
