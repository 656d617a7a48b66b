// Golden files for diagnostics (test/golden/diagnostics): each .cep is parsed and checked, and
// its formatted diagnostics must equal the .out next to it. UPDATE_GOLDEN=1 rewrites the .out
// files instead of comparing.
import * as fs from 'fs';
import * as path from 'path';
import { formatDiagnostics } from '../../../src/lang/format';
import { diagnose } from './helpers';

const DIR = path.resolve(__dirname, '../../golden/diagnostics');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const inputs = fs.readdirSync(DIR).filter((n) => n.endsWith('.cep')).sort();

function render(name: string): string {
  const text = fs.readFileSync(path.join(DIR, name), 'utf8');
  const shown = path.posix.join('test/golden/diagnostics', name);
  return `${formatDiagnostics(diagnose(text, shown), text)}\n`;
}

test('there are golden files', () => {
  expect(inputs.length).toBeGreaterThan(5);
});

test.each(inputs)('%s', (name) => {
  const actual = render(name);
  const expectedFile = path.join(DIR, name.replace(/\.cep$/, '.out'));
  if (UPDATE) {
    fs.writeFileSync(expectedFile, actual);
    return;
  }
  expect(fs.existsSync(expectedFile)).toBe(true);
  expect(actual).toBe(fs.readFileSync(expectedFile, 'utf8'));
});
