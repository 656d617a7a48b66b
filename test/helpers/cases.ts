// Loading the shared conformance cases, for tests that run them through the engine in process.
import fs from 'node:fs';
import path from 'node:path';

export interface ConformanceCase {
  id: string;
  rules: string;
  events: Record<string, unknown>[];
  expect?: unknown[];
  expectError?: unknown;
}

export const CASES_DIR = path.resolve(__dirname, '../../../shared/conformance/cases');

export function loadCases(dir: string = CASES_DIR): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.json')) out.push(JSON.parse(fs.readFileSync(p, 'utf8')) as ConformanceCase);
    }
  };
  walk(dir);
  return out;
}
