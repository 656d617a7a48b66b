// The `cepheus` command as users run it (LANGUAGE.md 11, 13): the built CLI spawned as a child
// process, on the fixtures in test/fixtures/runtime/cli.

import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/src/cli.js');
const FIX = path.join(ROOT, 'test/fixtures/runtime/cli');

let tmp = '';

beforeAll(() => {
  if (!fs.existsSync(CLI)) execSync('npm run build', { cwd: ROOT, stdio: 'ignore' });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cepheus-cli-'));
}, 120_000);

afterAll(() => {
  if (tmp !== '') fs.rmSync(tmp, { recursive: true, force: true });
});

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cepheus(args: string[], input?: string, env: Record<string, string> = {}): Result {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: FIX,
    input,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function alerts(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const summary = (a: Record<string, unknown>) =>
  `${a.rule} ${a.kind} ${a.key} ${Object.values(a.events as Record<string, { id: string }[]>)
    .flat()
    .map((e) => e.id)
    .join(',')}`;

const EXPECTED = ['pair match c1 e1,e3', 'pair timeout c1 e4', 'absent match c2 e2', 'volume window c1 '];

describe('cepheus run', () => {
  test('prints one alert per line, then exits 0; dead letters summed up on stderr', () => {
    const r = cepheus(['run', '--rules', 'fraud.cep', '--events', 'events.jsonl']);
    expect(r.code).toBe(0);
    const out = alerts(r.stdout);
    expect(out.map(summary)).toEqual(EXPECTED);
    expect(Object.keys(out[0])).toEqual(['id', 'rule', 'version', 'kind', 'key', 'severity', 'start', 'end', 'detectedAt', 'events', 'fields']);
    expect(out[0].fields).toEqual({ card: 'c1', total: 501 });
    expect(r.stderr).toBe('dead-lettered: 2 late, 1 no-time\n');
  });

  test('the same input gives the same alert ids', () => {
    const a = alerts(cepheus(['run', '--rules', 'fraud.cep', '--events', 'events.jsonl']).stdout);
    const b = alerts(cepheus(['run', '--rules', 'fraud.cep', '--events', 'events.jsonl']).stdout);
    expect(b.map((x) => x.id)).toEqual(a.map((x) => x.id));
  });

  test('a line that is not valid JSON is reported with its line number and skipped; the run goes on', () => {
    const lines = fs.readFileSync(path.join(FIX, 'events.jsonl'), 'utf8').split('\n');
    lines.splice(1, 0, '{"id": "broken", ');
    lines.splice(4, 0, '[1, 2]');
    lines.splice(5, 0, '   ');
    lines.splice(6, 0, '{"_watermark": "soon"}');
    const file = path.join(tmp, 'with-bad-lines.jsonl');
    fs.writeFileSync(file, lines.join('\n'));
    const r = cepheus(['run', '--rules', 'fraud.cep', '--events', file]);
    expect(r.code).toBe(0);
    expect(alerts(r.stdout).map(summary)).toEqual(EXPECTED);
    const err = r.stderr.split('\n');
    expect(err[0]).toMatch(new RegExp(`^${escape(file)}:2: skipped: not valid JSON`));
    expect(err[1]).toBe(`${file}:5: skipped: not a JSON object`);
    expect(err[2]).toBe(`${file}:7: skipped: "_watermark" must be a number of milliseconds`);
    expect(err.slice(3)).toEqual(['dead-lettered: 2 late, 1 no-time', '']);
  });

  test('--events - reads stdin; CRLF line ends and a last line without newline are fine', () => {
    const text = fs.readFileSync(path.join(FIX, 'events.jsonl'), 'utf8').trimEnd().split('\n').join('\r\n');
    const r = cepheus(['run', '--rules', 'fraud.cep', '--events', '-'], text);
    expect(r.code).toBe(0);
    expect(alerts(r.stdout).map(summary)).toEqual(EXPECTED);
    const bad = cepheus(['run', '--rules', 'fraud.cep', '--events', '-'], 'nope\n');
    expect(bad.stderr).toMatch(/^<stdin>:1: skipped: not valid JSON/);
    expect(bad.code).toBe(0);
  });

  test('{"_watermark": ms} lines set the watermark: absences fire, earlier events are late', () => {
    const input = [
      '{"id":"x1","card":"c5","type":"auth","ts":0}',
      '{"_watermark": 10000}',
      '{"id":"x2","card":"c5","type":"capture","ts":5000}',
      '{"_watermark": 20}',
    ].join('\n');
    const r = cepheus(['run', '--rules', 'fraud.cep', '--events', '-'], input);
    expect(alerts(r.stdout).map(summary)).toEqual(['absent match c5 x1']);
    expect(r.stderr).toBe('dead-lettered: 2 late\n');
    // without the control line the capture is on time and kills the absence
    const plain = cepheus(['run', '--rules', 'fraud.cep', '--events', '-'], input.replace('{"_watermark": 10000}', ''));
    expect(plain.stdout).toBe('');
  });

  test('an ISO-8601 time without zone is UTC, whatever the machine\'s time zone', () => {
    const input = '{"card":"c1","type":"small","ts":"2024-03-01T10:00:00"}\n{"card":"c1","type":"big","ts":"2024-03-01T10:00:01"}\n';
    for (const TZ of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
      const r = cepheus(['run', '--rules', 'fraud.cep', '--events', '-'], input, { TZ });
      expect(alerts(r.stdout).map((a) => [a.rule, a.start, a.end])).toEqual([['pair', Date.UTC(2024, 2, 1, 10), Date.UTC(2024, 2, 1, 10, 0, 1)]]);
    }
  });

  test('--out FILE writes the alerts there and nothing to stdout', () => {
    const out = path.join(tmp, 'alerts.jsonl');
    const r = cepheus(['run', '--rules', 'fraud.cep', '--events', 'events.jsonl', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(alerts(fs.readFileSync(out, 'utf8')).map(summary)).toEqual(EXPECTED);
  });

  test('--stream NAME feeds the input to that stream only', () => {
    const input = '{"user":"u1","kind":"click","ts":1}\n';
    const asClicks = cepheus(['run', '--rules', 'clicks.cep', 'fraud.cep', '--events', '-', '--stream', 'clicks'], input);
    expect(alerts(asClicks.stdout).map((a) => [a.rule, a.key])).toEqual([['clicked', 'u1']]);
    const asEvents = cepheus(['run', '--rules', 'clicks.cep', '--events', '-'], input);
    expect(asEvents.code).toBe(0);
    expect(asEvents.stdout).toBe('');
  });

  test('--rules takes several paths and directories (their *.cep files)', () => {
    const dir = path.join(tmp, 'rules');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(FIX, 'fraud.cep'), path.join(dir, 'fraud.cep'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not rules {');
    const r = cepheus(['run', '--rules', dir, 'clicks.cep', '--events', 'events.jsonl']);
    expect(r.code).toBe(0);
    expect(alerts(r.stdout).map(summary)).toEqual(EXPECTED);
  });

  test('rules that do not compile: diagnostics with file:line:col, code and caret on stderr, exit 1', () => {
    const r = cepheus(['run', '--rules', 'broken.cep', '--events', 'events.jsonl']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const err = r.stderr.split('\n');
    expect(err[0]).toMatch(/^broken\.cep:4:21: error CEP\d{4}: expected an expression, found '>'$/);
    expect(err[1]).toBe('  where a: amount > > 1');
    expect(err[2]).toBe(`${' '.repeat(20)}^`);
    expect(r.stderr).toMatch(/^broken\.cep:5:10: error CEP\d{4}: .*10q/m);
    expect(r.stderr).toMatch(/^broken\.cep:8:30: error CEP\d{4}: 'z' in 'where' is not a step of the pattern$/m);
  });

  test('usage errors exit 2', () => {
    expect(cepheus(['run', '--events', 'events.jsonl']).code).toBe(2);
    expect(cepheus(['run', '--rules', 'fraud.cep', '--bogus', 'x']).code).toBe(2);
    const missing = cepheus(['run', '--rules', 'nowhere.cep', '--events', 'events.jsonl']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nowhere\.cep/);
  });
});

describe('cepheus check', () => {
  test('ok files: exit 0 and a count', () => {
    const r = cepheus(['check', 'fraud.cep', 'clicks.cep']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ok: 4 rule(s) in 2 file(s)\n');
  });

  test('prints every error of a file and exits 1', () => {
    const r = cepheus(['check', 'broken.cep']);
    expect(r.code).toBe(1);
    const heads = r.stdout.split('\n').filter((l) => /^broken\.cep:\d+:\d+: error CEP\d{4}: /.test(l));
    expect(heads.map((l) => l.split(': error')[0])).toEqual(['broken.cep:4:21', 'broken.cep:5:10', 'broken.cep:8:30']);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('3 error(s)');
  });

  test('one bad file among good ones still exits 1', () => {
    const r = cepheus(['check', 'fraud.cep', 'broken.cep', 'clicks.cep']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^broken\.cep:4:21/m);
  });

  test('a duplicate rule across files points at the later one and names the earlier', () => {
    const copy = path.join(tmp, 'copy.cep');
    fs.copyFileSync(path.join(FIX, 'clicks.cep'), copy);
    const r = cepheus(['check', 'clicks.cep', copy]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${escape(copy)}:1:\\d+: error CEP\\d{4}: .*clicked.*clicks\\.cep:1`, 'm'));
  });
});

describe('cepheus explain', () => {
  test('prints the automaton as Graphviz dot: states, take / ignore / proceed edges, within', () => {
    const r = cepheus(['explain', 'fraud.cep', 'pair']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^digraph "pair" \{\n/);
    expect(r.stdout.trimEnd().endsWith('}')).toBe(true);
    expect(r.stdout).toMatch(/ \[label="a", shape=circle, style=bold\];/);
    expect(r.stdout).toMatch(/ \[label="b"\];/);
    expect(r.stdout).toMatch(/shape=doublecircle/);
    expect(r.stdout).toMatch(/-> s\d+ \[label="take: a"\];/);
    expect(r.stdout).toMatch(/-> s\d+ \[label="take: b"\];/);
    expect(r.stdout).toMatch(/\[label="ignore: not b", style=dotted\];/);
    expect(r.stdout).toMatch(/label="within 60000 ms";/);
  });

  test('loops show proceed edges', () => {
    const file = path.join(tmp, 'loop.cep');
    fs.writeFileSync(file, 'rule loop { pattern a -> b+ -> c where a: x == 1 b: x == 2 c: x == 3 }\n');
    const r = cepheus(['explain', file, 'loop']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[label="proceed: true", style=dashed\];/);
    expect(r.stdout).toMatch(/\[label="take: c"\];/);
  });

  test('an absence at the end shows its pending and stop states', () => {
    const r = cepheus(['explain', 'fraud.cep', 'absent']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/style=dashed\];\n/); // the pending state
    expect(r.stdout).toMatch(/shape=octagon/);
  });

  test('unknown rule, window rule, bad file', () => {
    const unknown = cepheus(['explain', 'fraud.cep', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no rule named nope/);
    expect(cepheus(['explain', 'fraud.cep', 'volume']).code).toBe(2);
    const bad = cepheus(['explain', 'broken.cep', 'one']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^broken\.cep:4:21: error/m);
    expect(bad.stdout).toBe('');
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('a reader that stops early', () => {
  test('`cepheus check ... | head -1`: no EPIPE crash, and the exit status is still the check\'s', () => {
    const rules = path.join(tmp, 'many-errors.cep');
    fs.writeFileSync(rules, Array.from({ length: 3000 }, (_, i) => `rule r${i} { pattern a where a: x == }`).join('\n'));
    // the CLI is the first stage of the pipe; its status comes back through a file
    const status = path.join(tmp, 'status');
    const s = spawnSync('sh', ['-c', `("${process.execPath}" "${CLI}" check "${rules}"; echo $? > "${status}") | head -1`], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(s.stdout.split('\n')[0]).toMatch(/many-errors\.cep:1:\d+: error CEP/);
    expect(s.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(fs.readFileSync(status, 'utf8').trim()).toBe('1');
  });
});
