// Small helpers for the language tests.
import type { Expr, Pattern, PatternElement, RuleDecl, RuleFile } from '../../../src/lang/ast';
import { checkRuleFile } from '../../../src/lang/check';
import { DiagnosticBag, type Diagnostic } from '../../../src/lang/diagnostic';
import { sortDiagnostics } from '../../../src/lang/format';
import { parseRuleFile } from '../../../src/lang/parse';

/** Parses text that must be free of syntax errors. */
export function parseOk(text: string): RuleFile {
  const { ast, diagnostics } = parseRuleFile(text, 't.cep');
  if (diagnostics.length > 0 || ast === null) {
    throw new Error(diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`).join('\n'));
  }
  return ast;
}

/** The only rule of `text`. */
export function rule(text: string): RuleDecl {
  const ast = parseOk(text);
  expect(ast.rules).toHaveLength(1);
  return ast.rules[0];
}

/** Parses and checks; the diagnostics as `line:col CODE`. */
export function diagnose(text: string, file = 't.cep'): Diagnostic[] {
  const { ast, diagnostics } = parseRuleFile(text, file);
  const bag = new DiagnosticBag(file);
  bag.items.push(...diagnostics);
  if (ast !== null) checkRuleFile(ast, bag);
  return bag.items;
}

/** The diagnostics as `line:col CODE`, in the order of their positions. */
export function codes(text: string): string[] {
  return sortDiagnostics(diagnose(text)).map((d) => `${d.line}:${d.column} ${d.code}`);
}

/** The expression of `filter EXPR` as an S-expression, to see its structure. */
export function sexpr(source: string): string {
  const r = rule(`rule r { filter ${source} pattern a }`);
  return show(r.filter!.expr);
}

export function show(e: Expr): string {
  switch (e.k) {
    case 'lit':
      return typeof e.value === 'string' ? JSON.stringify(e.value) : String(e.value);
    case 'dur':
      return `${e.ms}ms`;
    case 'ident':
      return e.name;
    case 'event':
    case 'key':
    case 'prior':
    case 'window':
      return `<${e.k}>`;
    case 'member':
      return `(. ${show(e.obj)} ${e.prop})`;
    case 'index':
      return `([] ${show(e.obj)} ${show(e.index)})`;
    case 'call':
      return `(call ${[e.callee, ...e.args].map(show).join(' ')})`;
    case 'unary':
      return `(${e.op} ${show(e.arg)})`;
    case 'binary':
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'array':
      return `[${e.items.map(show).join(' ')}]`;
  }
}

/** A pattern written back compactly: `a -> !b ->> (c d){2}? greedy`. */
export function showPattern(p: Pattern): string {
  return p.elements.map((el, i) => (i === 0 ? '' : link(el)) + showElement(el)).join('');
}

function link(el: PatternElement): string {
  return el.contiguity === 'strict' ? ' ' : el.contiguity === 'relaxed' ? ' -> ' : ' ->> ';
}

function showElement(el: PatternElement): string {
  const item = el.item.kind === 'step' ? el.item.name : `(${showPattern(el.item.body)})`;
  const q = el.quantifier;
  let quant = '';
  if (q !== null) {
    const base =
      q.kind === 'optional' ? '?' : q.kind === 'oneOrMore' ? '+' : q.kind === 'zeroOrMore' ? '*'
        : q.max === q.min ? `{${q.min}}` : q.max === null ? `{${q.min},}` : `{${q.min},${q.max}}`;
    quant = base + (q.optional ? '?' : '') + (q.strayOptional ? '?' : '');
  }
  const m = el.modifiers;
  const mods = [
    m.consecutive && 'consecutive',
    m.combinations && 'combinations',
    m.greedy && 'greedy',
    m.until && `until(${show(m.until.expr)})`,
  ].filter(Boolean);
  return (el.negated ? '!' : '') + item + quant + mods.map((x) => ` ${x}`).join('');
}
