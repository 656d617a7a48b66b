// The rule language front end: text → AST + diagnostics. It never throws on user input: every
// mistake becomes a diagnostic with file:line:col and a stable code, and each top-level block is
// parsed on its own so that all the errors of a file are reported together.
import type { RuleDecl, RuleFile, SourceDecl } from './ast';
import { DiagnosticBag, type Diagnostic } from './diagnostic';
import { report, SyntaxMessages } from './diagnostics';
import { sortDiagnostics } from './format';
import { splitBlocks, type Segment } from './syntax/blocks';
import { parseBlock } from './syntax/parse-block';
import { isErrorToken, scan, significantTokens, tokenSpan, type Token } from './syntax/tokens';
import { describeToken } from './syntax/expected';

export interface ParseResult {
  /**
   * The declarations that parsed; blocks with syntax errors are left out (`incomplete`), so later
   * passes can still report the other blocks' errors. Null only after an internal error.
   */
  ast: RuleFile | null;
  diagnostics: Diagnostic[];
}

export function parseRuleFile(text: string, file: string): ParseResult {
  const bag = new DiagnosticBag(file);
  try {
    const ast = parseInto(text, file, bag);
    // lexical errors are found before syntax errors; report them all in text order
    return { ast, diagnostics: sortDiagnostics(bag.items) };
  } catch (e) {
    const at = { line: 1, col: 1, endLine: 1, endCol: 1 };
    report(bag, SyntaxMessages.InternalError, at, e instanceof Error ? e.message : String(e));
    return { ast: null, diagnostics: bag.items };
  }
}

function parseInto(text: string, file: string, bag: DiagnosticBag): RuleFile {
  const ast: RuleFile = { file, text, sources: [], rules: [] };
  const tokens = significantTokens(scan(text), bag);
  for (const segment of splitBlocks(tokens)) {
    const decl = parseSegment(text, tokens, segment, bag);
    if (decl === null) ast.incomplete = true;
    else if (decl.kind === 'rule') ast.rules.push(decl);
    else ast.sources.push(decl);
  }
  return ast;
}

function parseSegment(
  text: string,
  tokens: readonly Token[],
  segment: Segment,
  bag: DiagnosticBag,
): RuleDecl | SourceDecl | null {
  const own = tokens.slice(segment.start, segment.end);
  if (segment.kind === 'stray') {
    if (!isErrorToken(own[0])) {
      report(bag, SyntaxMessages.OutsideBlock, tokenSpan(own[0]), describeToken(own[0]));
    }
    return null;
  }
  const decl = parseBlock(own, tokens[segment.end], bag);
  if (decl?.kind === 'rule') decl.sourceText = sliceOf(text, own);
  return decl;
}

/** The source text from the first token to the end of the last. */
function sliceOf(text: string, tokens: readonly Token[]): string {
  const last = tokens[tokens.length - 1];
  return text.slice(tokens[0].offset, last.offset + last.text.length);
}

