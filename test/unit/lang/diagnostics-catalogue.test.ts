// The catalogue: stable, unique codes in their ranges, and doc/diagnostics.md lists each of the
// front end's codes.
import * as fs from 'fs';
import * as path from 'path';
import {
  CATALOGUE,
  CheckMessages,
  ExprMessages,
  formatMessage,
  SyntaxMessages,
  type MessageDef,
} from '../../../src/lang/diagnostics';

const codesOf = (table: Record<string, MessageDef>) => Object.values(table).map((d) => d.code);
const all = [...codesOf(SyntaxMessages), ...codesOf(CheckMessages), ...codesOf(ExprMessages)];

test('codes are unique', () => {
  expect(new Set(all).size).toBe(all.length);
  expect(Object.keys(CATALOGUE).sort()).toEqual([...all].sort());
});

test('each table keeps to its range', () => {
  const num = (c: string) => Number(c.slice(3));
  for (const c of codesOf(SyntaxMessages)) expect(num(c) >= 1000 && num(c) <= 1999).toBe(true);
  for (const c of codesOf(CheckMessages)) expect(num(c) >= 2001 && num(c) <= 2499).toBe(true);
  for (const c of codesOf(ExprMessages)) expect(num(c) >= 2500 && num(c) <= 2999).toBe(true);
  for (const c of all) expect(c).toMatch(/^CEP\d{4}$/);
});

test('doc/diagnostics.md lists every syntax and structure code, and no other', () => {
  const doc = fs.readFileSync(path.resolve(__dirname, '../../../doc/diagnostics.md'), 'utf8');
  const listed = [...doc.matchAll(/^\| (CEP\d{4}) \|/gm)].map((m) => m[1]).sort();
  expect(listed).toEqual([...codesOf(SyntaxMessages), ...codesOf(CheckMessages)].sort());
});

test('templates are filled by position; unknown placeholders stay', () => {
  expect(formatMessage(SyntaxMessages.UnexpectedToken, ['a step name', "'->'"])).toBe(
    "expected a step name, found '->'",
  );
  expect(formatMessage(CheckMessages.StrayOptional, ['a+'])).toContain('({n}, {n,} or {n,m})');
});
