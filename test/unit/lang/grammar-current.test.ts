// The generated parser grammar/cepheus.ts is checked in; it must be what nearleyc makes of
// grammar/cepheus.ne today (run `npm run build:grammar` after editing the grammar).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');

test('grammar/cepheus.ts is generated from the current grammar', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cepheus-grammar-'));
  const out = path.join(dir, 'cepheus.ts');
  try {
    const nearleyc = path.join(ROOT, 'node_modules/.bin/nearleyc');
    execFileSync(nearleyc, ['grammar/cepheus.ne', '-o', out], { cwd: ROOT, stdio: 'pipe' });
    const fresh = fs.readFileSync(out, 'utf8');
    const checkedIn = fs.readFileSync(path.join(ROOT, 'grammar/cepheus.ts'), 'utf8');
    expect(checkedIn === fresh).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
