// Every valid input parses with no diagnostic and passes the structural checks.
import { checkRuleFile } from '../../../src/lang/check';
import { DiagnosticBag } from '../../../src/lang/diagnostic';
import { formatDiagnostics } from '../../../src/lang/format';
import { parseRuleFile } from '../../../src/lang/parse';
import { validCorpus } from './corpus';

test.each(validCorpus().map((f) => [f.name, f.text]))('%s has no errors', (name, text) => {
  const { ast, diagnostics } = parseRuleFile(text, name);
  const bag = new DiagnosticBag(name);
  bag.items.push(...diagnostics);
  if (ast !== null) checkRuleFile(ast, bag);
  expect(formatDiagnostics(bag.items, text)).toBe('');
  expect(ast?.incomplete).toBeUndefined();
});
