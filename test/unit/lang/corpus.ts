// Valid rule files to parse: the conformance cases (not the expectError ones), the benchmark
// workloads and our own corpus under test/unit/lang/corpus/.
import * as fs from 'fs';
import * as path from 'path';

export interface CorpusFile {
  name: string;
  text: string;
}

const SHARED = path.resolve(__dirname, '../../../../shared');
const OWN = path.join(__dirname, 'corpus');

function walk(dir: string, ext: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = path.join(dir, n);
      if (fs.statSync(p).isDirectory()) return walk(p, ext);
      return p.endsWith(ext) ? [p] : [];
    });
}

export function conformanceRules(): CorpusFile[] {
  return walk(path.join(SHARED, 'conformance/cases'), '.json').flatMap((file) => {
    const c = JSON.parse(fs.readFileSync(file, 'utf8')) as { rules?: unknown; expectError?: unknown };
    if (c.expectError !== undefined || typeof c.rules !== 'string') return [];
    return [{ name: path.relative(SHARED, file), text: c.rules }];
  });
}

export interface ErrorCase {
  name: string;
  text: string;
  line: number;
  contains?: string;
}

export function conformanceErrors(): ErrorCase[] {
  return walk(path.join(SHARED, 'conformance/cases'), '.json').flatMap((file) => {
    const c = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      rules: string;
      expectError?: { line: number; contains?: string };
    };
    if (c.expectError === undefined) return [];
    return [{ name: path.relative(SHARED, file), text: c.rules, ...c.expectError }];
  });
}

function readAll(files: string[], base: string): CorpusFile[] {
  return files.map((f) => ({ name: path.relative(base, f), text: fs.readFileSync(f, 'utf8') }));
}

export function benchRules(): CorpusFile[] {
  return readAll(walk(path.join(SHARED, 'bench'), '.cep'), SHARED);
}

export function ownCorpus(): CorpusFile[] {
  return readAll(walk(OWN, '.cep'), OWN);
}

export function validCorpus(): CorpusFile[] {
  return [...conformanceRules(), ...benchRules(), ...ownCorpus()];
}
