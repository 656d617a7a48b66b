// The example rule pack in rules/: every file compiles cleanly, on its own too (each file
// declares the sources its rules read), and every rule says what it detects.
import fs from 'node:fs';
import path from 'node:path';
import { compileRuleFiles, type RuleFileInput } from '../../src/compile/compile-rules';
import { installWindows } from '../../src/engine/windows';

const dir = path.join(__dirname, '../../rules');
const inputs: RuleFileInput[] = fs
  .readdirSync(dir)
  .filter((n) => n.endsWith('.cep'))
  .sort()
  .map((n) => ({ file: `rules/${n}`, text: fs.readFileSync(path.join(dir, n), 'utf8') }));

beforeAll(() => installWindows());

describe('rules/ pack', () => {
  test('holds several rule files', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(3);
  });

  test('compiles with no diagnostics', () => {
    const result = compileRuleFiles(inputs);
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.ruleSet.rules.length).toBeGreaterThanOrEqual(7);
  });

  test('every rule has a description, tags, and is enabled', () => {
    for (const rule of compileRuleFiles(inputs).ruleSet.rules) {
      expect([rule.name, rule.description?.trim().length ?? 0]).not.toEqual([rule.name, 0]);
      expect([rule.name, rule.tags.length]).not.toEqual([rule.name, 0]);
      expect([rule.name, rule.enabled]).toEqual([rule.name, true]);
    }
  });

  test.each(inputs.map((i) => [i.file, i] as const))('%s compiles alone and declares the sources it reads', (_f, input) => {
    const result = compileRuleFiles([input]);
    expect(result.diagnostics).toEqual([]);
    for (const rule of result.ruleSet.rules) {
      const source = result.ruleSet.sources.get(rule.source);
      expect([rule.name, source?.name]).toEqual([rule.name, rule.source]);
      // a quiet stream must still close windows and absences in the service
      expect([rule.name, source?.idleMs ?? null]).not.toEqual([rule.name, null]);
    }
  });

  test('covers the pattern, absence, prior, tumbling and session kinds', () => {
    const text = inputs.map((i) => i.text).join('\n');
    expect(text).toMatch(/pattern \w+ -> !\w+/);
    expect(text).toMatch(/prior\.avg\(/);
    expect(text).toMatch(/window tumbling /);
    expect(text).toMatch(/window session gap /);
  });
});
