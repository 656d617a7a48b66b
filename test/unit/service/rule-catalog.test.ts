// Which rule texts are in force after a change: a file that fails keeps its last good text (or
// contributes nothing), conflicts are blamed on the changed file, diagnostics are per file.

import { installWindows } from '../../../src/engine/windows';
import { RuleCatalog } from '../../../src/service/rule-catalog';

beforeAll(() => installWindows());

const A1 = 'rule a { key k pattern x where x: v == 1 }';
const A2 = 'rule a { key k pattern x where x: v == 2 }';
const B = 'rule b { key k pattern y where y: v == 3 }';
const BROKEN = 'rule a { pattern -> }';

function names(c: RuleCatalog): string[] {
  return c.ruleSet.rules.map((r) => `${r.file}:${r.name}`);
}

function texts(c: RuleCatalog): Record<string, string> {
  return Object.fromEntries(c.inForce().map((f) => [f.file, f.text]));
}

describe('RuleCatalog', () => {
  it('compiles the files in name order and reports nothing changed for the same texts', () => {
    const c = new RuleCatalog();
    expect(c.update([{ file: 'b.cep', text: B }, { file: 'a.cep', text: A1 }]).changed).toBe(true);
    expect(names(c)).toEqual(['a.cep:a', 'b.cep:b']);
    expect(c.update([{ file: 'b.cep', text: B }, { file: 'a.cep', text: A1 }]).changed).toBe(false);
  });

  it('keeps the last good text of a file that stops compiling, and says why', () => {
    const c = new RuleCatalog();
    c.update([{ file: 'a.cep', text: A1 }, { file: 'b.cep', text: B }]);
    const u = c.update([{ file: 'a.cep', text: BROKEN }, { file: 'b.cep', text: B }]);
    expect(u.failed).toEqual(['a.cep']);
    expect(texts(c)['a.cep']).toBe(A1);
    expect(names(c)).toEqual(['a.cep:a', 'b.cep:b']);
    const view = c.fileViews().find((f) => f.file === 'a.cep');
    expect(view?.status).toBe('error');
    expect(view?.diagnostics[0]).toMatchObject({ file: 'a.cep', severity: 'error', code: expect.stringMatching(/^CEP1/) });
    // fixed: the new text goes in
    c.update([{ file: 'a.cep', text: A2 }, { file: 'b.cep', text: B }]);
    expect(texts(c)['a.cep']).toBe(A2);
    expect(c.fileViews().every((f) => f.status === 'ok')).toBe(true);
  });

  it('leaves out a new file that never compiled', () => {
    const c = new RuleCatalog();
    c.update([{ file: 'b.cep', text: B }]);
    c.update([{ file: 'b.cep', text: B }, { file: 'new.cep', text: BROKEN }]);
    expect(names(c)).toEqual(['b.cep:b']);
    expect(c.fileViews().map((f) => `${f.file}:${f.status}`)).toEqual(['b.cep:ok', 'new.cep:error']);
  });

  it('blames a duplicate rule name on the file that changed, whatever the names sort like', () => {
    const c = new RuleCatalog();
    c.update([{ file: 'z.cep', text: A1 }]);
    // a.cep sorts first, but it is the newcomer: z.cep keeps rule a
    const u = c.update([{ file: 'a.cep', text: A2 }, { file: 'z.cep', text: A1 }]);
    expect(u.failed).toEqual(['a.cep']);
    expect(names(c)).toEqual(['z.cep:a']);
    expect(texts(c)['z.cep']).toBe(A1);
  });

  it('drops a deleted file and its rules', () => {
    const c = new RuleCatalog();
    c.update([{ file: 'a.cep', text: A1 }, { file: 'b.cep', text: B }]);
    c.update([{ file: 'b.cep', text: B }]);
    expect(names(c)).toEqual(['b.cep:b']);
    expect(c.fileViews().map((f) => f.file)).toEqual(['b.cep']);
  });

  it('tryWith compiles against the texts in force without keeping anything', () => {
    const c = new RuleCatalog();
    c.update([{ file: 'a.cep', text: A1 }]);
    expect(c.tryWith('b.cep', B).ok).toBe(true);
    expect(c.tryWith('b.cep', A2).ok).toBe(false);
    expect(c.tryWith('a.cep', A2).ok).toBe(true);
    expect(c.tryWith('a.cep', null).ruleSet.rules).toEqual([]);
    expect(names(c)).toEqual(['a.cep:a']);
  });
});
