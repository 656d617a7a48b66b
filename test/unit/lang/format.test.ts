// `file:line:col: error CODE: message`, the source line, and a caret line under the span.
import type { Diagnostic } from '../../../src/lang/diagnostic';
import { formatDiagnostic, formatDiagnostics } from '../../../src/lang/format';

function diag(line: number, column: number, endLine: number, endColumn: number): Diagnostic {
  return { code: 'CEP1001', severity: 'error', message: 'm', file: 'r.cep', line, column, endLine, endColumn };
}

const TEXT = 'rule r {\n  pattern a -> -> b\n}\n';

test('header, source line and caret under the span', () => {
  expect(formatDiagnostic(diag(2, 16, 2, 18), TEXT)).toBe(
    ['r.cep:2:16: error CEP1001: m', '  pattern a -> -> b', '               ^~'].join('\n'),
  );
});

test('a one-character and a zero-width span get a lone caret', () => {
  expect(formatDiagnostic(diag(2, 11, 2, 12), TEXT).split('\n')[2]).toBe('          ^');
  expect(formatDiagnostic(diag(2, 20, 2, 20), TEXT).split('\n')[2]).toBe('                   ^');
});

test('a span over several lines is underlined to the end of its first line', () => {
  expect(formatDiagnostic(diag(1, 1, 3, 2), TEXT).split('\n')[2]).toBe('^~~~~~~~');
});

test('tabs before the caret are kept so it lines up', () => {
  const text = '\tpattern\ta\n';
  expect(formatDiagnostic(diag(1, 10, 1, 11), text).split('\n').slice(1)).toEqual(['\tpattern\ta', '\t       \t^']);
});

test('CRLF line ends are not printed', () => {
  expect(formatDiagnostic(diag(1, 1, 1, 2), 'ab\r\ncd').split('\n')[1]).toBe('ab');
});

test('a line past the end of the text prints the header only', () => {
  expect(formatDiagnostic(diag(9, 1, 9, 1), TEXT)).toBe('r.cep:9:1: error CEP1001: m');
});

test('several diagnostics in the order of their positions', () => {
  const out = formatDiagnostics([diag(2, 16, 2, 18), diag(1, 6, 1, 7)], TEXT);
  expect(out.split('\n').filter((l) => l.startsWith('r.cep'))).toEqual([
    'r.cep:1:6: error CEP1001: m',
    'r.cep:2:16: error CEP1001: m',
  ]);
});
