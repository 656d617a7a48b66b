// ARCHITECTURE.md: the language and the engine are pure. No I/O libraries, no file system, no
// timers, no clock: time reaches them only as event times and watermarks. This test reads their
// sources and fails on any import or use that would break that.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const PURE_DIRS = ['src/engine', 'src/lang', 'src/compile', 'grammar'];
const FORBIDDEN_IMPORTS = [
  /^(node:)?fs(\/promises)?$/,
  /^(node:)?(net|http|https|child_process|worker_threads|dgram|tls|os)$/,
  /^kafkajs$/,
  /^ioredis$/,
  /^fastify/,
  /^@fastify\//,
  /^pino/,
  /^prom-client$/,
];
const FORBIDDEN_CALLS = [/\bDate\.now\s*\(/, /\bnew Date\s*\(\s*\)/, /\bsetTimeout\s*\(/, /\bsetInterval\s*\(/, /\bsetImmediate\s*\(/, /\bprocess\.(hrtime|env|stdout|stderr)\b/, /\bperformance\.now\s*\(/];

function sources(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((d) => {
    const rel = path.join(dir, d.name);
    if (d.isDirectory()) return sources(rel);
    return d.name.endsWith('.ts') ? [rel] : [];
  });
}

function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    out.push(m[1] ?? m[2] ?? m[3]);
  }
  return out;
}

/** Comments and string contents may mention anything; only code counts. */
function codeOnly(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}

const files = PURE_DIRS.flatMap(sources);

test('there are pure sources to check', () => {
  expect(files.length).toBeGreaterThan(50);
});

test.each(files)('%s imports no I/O library and does not escape the src tree into the edges', (file) => {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  for (const spec of importsOf(text)) {
    expect({ file, spec, forbidden: FORBIDDEN_IMPORTS.some((re) => re.test(spec)) }).toEqual({ file, spec, forbidden: false });
    if (spec.startsWith('.')) {
      const target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), spec));
      const intoEdges = /^src\/(io|service|cluster|cli)\b|^src\/(main|config|log)$/.test(target);
      expect({ file, spec, intoEdges }).toEqual({ file, spec, intoEdges: false });
    }
  }
});

test.each(files)('%s reads no clock and sets no timer', (file) => {
  const code = codeOnly(fs.readFileSync(path.join(ROOT, file), 'utf8'));
  const hits = FORBIDDEN_CALLS.filter((re) => re.test(code)).map(String);
  expect({ file, hits }).toEqual({ file, hits: [] });
});
