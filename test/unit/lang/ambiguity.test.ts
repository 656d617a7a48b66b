// More than one parse result for any input is a grammar bug: every valid file must parse in
// exactly one way, as a whole and block by block.
import { DiagnosticBag } from '../../../src/lang/diagnostic';
import { runParser } from '../../../src/lang/syntax/run-parser';
import { scan, significantTokens } from '../../../src/lang/syntax/tokens';
import { validCorpus } from './corpus';

function parseCount(text: string): number | string {
  const bag = new DiagnosticBag('corpus');
  const tokens = significantTokens(scan(text), bag);
  if (bag.items.length > 0) return bag.items.map((d) => d.message).join('; ');
  const outcome = runParser(tokens);
  return outcome.ok ? outcome.results.length : `no parse at token ${outcome.at}`;
}

const corpus = validCorpus();

test('the corpus is not empty', () => {
  expect(corpus.length).toBeGreaterThan(300);
});

test.each(corpus.map((f) => [f.name, f.text]))('%s parses in exactly one way', (_name, text) => {
  expect(parseCount(text)).toBe(1);
});
