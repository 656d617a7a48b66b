// Generated automatically by nearley, version 2.20.1
// http://github.com/Hardmath123/nearley
// Bypasses TS6133. Allow declared but unused functions.
// @ts-ignore
function id(d: any[]): any { return d[0]; }
declare var ident: any;
declare var ident: any;
declare var number: any;
declare var ident: any;
declare var number: any;
declare var string: any;
declare var duration: any;
declare var ident: any;
declare var duration: any;
declare var string: any;
declare var ident: any;
declare var kw: any;

import { lexer } from './lexer';
import * as E from './build-expr';
import * as P from './build-pattern';
import * as B from './build-blocks';

interface NearleyToken {
  value: any;
  [key: string]: any;
};

interface NearleyLexer {
  reset: (chunk: string, info: any) => void;
  next: () => NearleyToken | undefined;
  save: () => any;
  formatError: (token: never) => string;
  has: (tokenType: string) => boolean;
};

interface NearleyRule {
  name: string;
  symbols: NearleySymbol[];
  postprocess?: (d: any[], loc?: number, reject?: {}) => any;
};

type NearleySymbol = string | { literal: any } | { test: (token: any) => boolean };

interface Grammar {
  Lexer: NearleyLexer | undefined;
  ParserRules: NearleyRule[];
  ParserStart: string;
};

const grammar: Grammar = {
  Lexer: lexer,
  ParserRules: [
    {"name": "File$ebnf$1", "symbols": []},
    {"name": "File$ebnf$1", "symbols": ["File$ebnf$1", "Block"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "File", "symbols": ["File$ebnf$1"], "postprocess": id},
    {"name": "Block", "symbols": ["SourceBlock"], "postprocess": id},
    {"name": "Block", "symbols": ["RuleBlock"], "postprocess": id},
    {"name": "SourceBlock$ebnf$1", "symbols": []},
    {"name": "SourceBlock$ebnf$1", "symbols": ["SourceBlock$ebnf$1", "SourceClause"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "SourceBlock", "symbols": [{"literal":"source"}, "SourceName", {"literal":"{"}, "SourceBlock$ebnf$1", {"literal":"}"}], "postprocess": B.sourceDecl},
    {"name": "SourceName", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": id},
    {"name": "SourceClause", "symbols": [{"literal":"topic"}, "String"], "postprocess": B.clause('topic', 'topic', (d, span) => ({ value: B.stringValue(d[1]), span }))},
    {"name": "SourceClause", "symbols": [{"literal":"time"}, "Path"], "postprocess": B.clause('time', 'time', (d, span) => ({ path: d[1].path, span }))},
    {"name": "SourceClause", "symbols": [{"literal":"watermark"}, "Duration"], "postprocess": B.clause('watermark', 'watermark', (d) => d[1])},
    {"name": "SourceClause", "symbols": [{"literal":"idle"}, "Duration"], "postprocess": B.clause('idle', 'idle', (d) => d[1])},
    {"name": "SourceClause", "symbols": [{"literal":"lateness"}, "Duration"], "postprocess": B.clause('lateness', 'lateness', (d) => d[1])},
    {"name": "SourceClause", "symbols": [{"literal":"format"}, "FormatName"], "postprocess": B.clause('format', 'format', (d, span) => ({ value: d[1].text, span }))},
    {"name": "FormatName", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": id},
    {"name": "RuleBlock$ebnf$1", "symbols": []},
    {"name": "RuleBlock$ebnf$1", "symbols": ["RuleBlock$ebnf$1", "RuleClause"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "RuleBlock", "symbols": [{"literal":"rule"}, "RuleName", {"literal":"{"}, "RuleBlock$ebnf$1", {"literal":"}"}], "postprocess": B.ruleDecl},
    {"name": "RuleName", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": id},
    {"name": "RuleClause", "symbols": [{"literal":"description"}, "String"], "postprocess": B.clause('description', 'description', (d, span) => ({ value: B.stringValue(d[1]), span }))},
    {"name": "RuleClause", "symbols": [{"literal":"tags"}, "StringList"], "postprocess": B.clause('tags', 'tags', (d, span) => ({ values: d[1].values, span }))},
    {"name": "RuleClause", "symbols": [{"literal":"severity"}, "SeverityName"], "postprocess": B.clause('severity', 'severity', (d, span) => ({ value: d[1].text, span }))},
    {"name": "RuleClause", "symbols": [{"literal":"enabled"}, "Boolean"], "postprocess": B.clause('enabled', 'enabled', (d, span) => ({ value: d[1].text === 'true', span }))},
    {"name": "RuleClause", "symbols": [{"literal":"from"}, "SourceRef"], "postprocess": B.clause('from', 'from', (d, span) => ({ name: d[1].text, span }))},
    {"name": "RuleClause", "symbols": [{"literal":"key"}, "KeyPaths"], "postprocess": B.clause('key', 'key', (d, span) => ({ paths: d[1].items.map((p: B.PathNode) => p.path), span }))},
    {"name": "RuleClause", "symbols": [{"literal":"filter"}, "Expr"], "postprocess": B.clause('filter', 'filter', (d, span) => ({ expr: d[1], span }))},
    {"name": "RuleClause", "symbols": [{"literal":"pattern"}, "Pattern"], "postprocess": B.clause('pattern', 'pattern', (d) => d[1])},
    {"name": "RuleClause", "symbols": [{"literal":"where"}, "WhereEntries"], "postprocess": B.clause('where', 'where', (d, span) => ({ entries: d[1].entries, span }))},
    {"name": "RuleClause", "symbols": [{"literal":"within"}, "Duration"], "postprocess": B.clause('within', 'within', (d, span) => ({ ...d[1], clauseSpan: span }))},
    {"name": "RuleClause", "symbols": [{"literal":"within"}, {"literal":"session"}, {"literal":"gap"}, "Duration"], "postprocess": B.clause('within session gap', 'withinSession', (d, span) => ({ ...d[3], clauseSpan: span }))},
    {"name": "RuleClause", "symbols": ["SkipClause"], "postprocess": id},
    {"name": "RuleClause", "symbols": [{"literal":"emit"}, "EmitBody"], "postprocess": B.clause('emit', 'emit', (d, span) => B.emitClause(d[1], span))},
    {"name": "RuleClause", "symbols": [{"literal":"on"}, {"literal":"timeout"}, {"literal":"emit"}, "EmitBody"], "postprocess": B.clause('on timeout emit', 'timeoutEmit', (d, span) => B.emitClause(d[3], span))},
    {"name": "RuleClause", "symbols": [{"literal":"suppress"}, "Duration"], "postprocess": B.clause('suppress', 'suppress', (d, span) => ({ ...d[1], clauseSpan: span }))},
    {"name": "RuleClause", "symbols": [{"literal":"max"}, {"literal":"partial"}, "Count"], "postprocess": B.clause('max partial', 'maxPartial', (d, span) => ({ value: Number(d[2].text), span }))},
    {"name": "RuleClause", "symbols": [{"literal":"window"}, "WindowSpec"], "postprocess": B.clause('window', 'window', B.windowSpec)},
    {"name": "RuleClause", "symbols": [{"literal":"aggregate"}, "Aggregates"], "postprocess": B.clause('aggregate', 'aggregate', (d, span) => ({ items: d[1].items, span }))},
    {"name": "RuleClause", "symbols": [{"literal":"having"}, "Expr"], "postprocess": B.clause('having', 'having', (d, span) => ({ expr: d[1], span }))},
    {"name": "SeverityName", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": id},
    {"name": "SourceRef", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": id},
    {"name": "Boolean", "symbols": [{"literal":"true"}], "postprocess": id},
    {"name": "Boolean", "symbols": [{"literal":"false"}], "postprocess": id},
    {"name": "Count", "symbols": [(lexer.has("number") ? {type: "number"} : number)], "postprocess": id},
    {"name": "KeyPaths$ebnf$1", "symbols": []},
    {"name": "KeyPaths$ebnf$1$subexpression$1", "symbols": [{"literal":","}, "Path"]},
    {"name": "KeyPaths$ebnf$1", "symbols": ["KeyPaths$ebnf$1", "KeyPaths$ebnf$1$subexpression$1"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "KeyPaths", "symbols": ["Path", "KeyPaths$ebnf$1"], "postprocess": B.commaList},
    {"name": "WhereEntries$ebnf$1", "symbols": []},
    {"name": "WhereEntries$ebnf$1$subexpression$1$ebnf$1", "symbols": [{"literal":","}], "postprocess": id},
    {"name": "WhereEntries$ebnf$1$subexpression$1$ebnf$1", "symbols": [], "postprocess": () => null},
    {"name": "WhereEntries$ebnf$1$subexpression$1", "symbols": ["WhereEntries$ebnf$1$subexpression$1$ebnf$1", "WhereEntry"]},
    {"name": "WhereEntries$ebnf$1", "symbols": ["WhereEntries$ebnf$1", "WhereEntries$ebnf$1$subexpression$1"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "WhereEntries", "symbols": ["WhereEntry", "WhereEntries$ebnf$1"], "postprocess": B.whereEntries},
    {"name": "WhereEntry", "symbols": ["StepName", {"literal":":"}, "Expr"], "postprocess": B.whereEntry},
    {"name": "SkipClause", "symbols": [{"literal":"skip"}, {"literal":"to"}, {"literal":"next"}], "postprocess": B.clause('skip', 'skip', B.skipClause)},
    {"name": "SkipClause", "symbols": [{"literal":"skip"}, {"literal":"past"}, {"literal":"last"}], "postprocess": B.clause('skip', 'skip', B.skipClause)},
    {"name": "SkipClause", "symbols": [{"literal":"skip"}, {"literal":"to"}, {"literal":"first"}, "StepName"], "postprocess": B.clause('skip', 'skip', B.skipClause)},
    {"name": "SkipClause", "symbols": [{"literal":"skip"}, {"literal":"to"}, {"literal":"last"}, "StepName"], "postprocess": B.clause('skip', 'skip', B.skipClause)},
    {"name": "SkipClause", "symbols": [{"literal":"no"}, {"literal":"skip"}], "postprocess": B.clause('skip', 'skip', B.skipClause)},
    {"name": "EmitBody", "symbols": [{"literal":"{"}, "EmitFields", {"literal":"}"}], "postprocess": B.emitBody},
    {"name": "EmitFields", "symbols": [], "postprocess": B.emitFields},
    {"name": "EmitFields$ebnf$1", "symbols": []},
    {"name": "EmitFields$ebnf$1$subexpression$1", "symbols": [{"literal":","}, "EmitField"]},
    {"name": "EmitFields$ebnf$1", "symbols": ["EmitFields$ebnf$1", "EmitFields$ebnf$1$subexpression$1"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "EmitFields$ebnf$2", "symbols": [{"literal":","}], "postprocess": id},
    {"name": "EmitFields$ebnf$2", "symbols": [], "postprocess": () => null},
    {"name": "EmitFields", "symbols": ["EmitField", "EmitFields$ebnf$1", "EmitFields$ebnf$2"], "postprocess": B.emitFields},
    {"name": "EmitField", "symbols": ["EmitName", {"literal":":"}, "Expr"], "postprocess": B.emitField},
    {"name": "EmitName", "symbols": ["Word"], "postprocess": id},
    {"name": "EmitName", "symbols": ["String"], "postprocess": id},
    {"name": "WindowSpec", "symbols": [{"literal":"tumbling"}, "Duration"], "postprocess": (d) => d},
    {"name": "WindowSpec", "symbols": [{"literal":"sliding"}, "Duration", {"literal":"every"}, "Duration"], "postprocess": (d) => d},
    {"name": "WindowSpec", "symbols": [{"literal":"session"}, {"literal":"gap"}, "Duration"], "postprocess": (d) => d},
    {"name": "Aggregates$ebnf$1", "symbols": []},
    {"name": "Aggregates$ebnf$1$subexpression$1", "symbols": [{"literal":","}, "Aggregate"]},
    {"name": "Aggregates$ebnf$1", "symbols": ["Aggregates$ebnf$1", "Aggregates$ebnf$1$subexpression$1"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "Aggregates", "symbols": ["Aggregate", "Aggregates$ebnf$1"], "postprocess": B.commaList},
    {"name": "Aggregate", "symbols": ["Word", {"literal":"="}, "Word", {"literal":"("}, "Args", {"literal":")"}], "postprocess": B.aggregateDef},
    {"name": "Pattern$ebnf$1", "symbols": []},
    {"name": "Pattern$ebnf$1$subexpression$1", "symbols": ["Link", "Element"]},
    {"name": "Pattern$ebnf$1", "symbols": ["Pattern$ebnf$1", "Pattern$ebnf$1$subexpression$1"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "Pattern", "symbols": ["Element", "Pattern$ebnf$1"], "postprocess": P.pattern},
    {"name": "Link", "symbols": [], "postprocess": P.link},
    {"name": "Link", "symbols": [{"literal":"->"}], "postprocess": P.link},
    {"name": "Link", "symbols": [{"literal":"->>"}], "postprocess": P.link},
    {"name": "Element$ebnf$1", "symbols": [{"literal":"!"}], "postprocess": id},
    {"name": "Element$ebnf$1", "symbols": [], "postprocess": () => null},
    {"name": "Element$ebnf$2", "symbols": ["Quantifier"], "postprocess": id},
    {"name": "Element$ebnf$2", "symbols": [], "postprocess": () => null},
    {"name": "Element$ebnf$3", "symbols": []},
    {"name": "Element$ebnf$3", "symbols": ["Element$ebnf$3", "Modifier"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "Element", "symbols": ["Element$ebnf$1", "PatternItem", "Element$ebnf$2", "Element$ebnf$3"], "postprocess": P.element},
    {"name": "PatternItem", "symbols": ["StepName"], "postprocess": P.stepItem},
    {"name": "PatternItem", "symbols": [{"literal":"("}, "Pattern", {"literal":")"}], "postprocess": P.groupItem},
    {"name": "StepName", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": id},
    {"name": "Quantifier$ebnf$1", "symbols": [{"literal":"?"}], "postprocess": id},
    {"name": "Quantifier$ebnf$1", "symbols": [], "postprocess": () => null},
    {"name": "Quantifier", "symbols": ["QuantBase", "Quantifier$ebnf$1"], "postprocess": P.quantifier},
    {"name": "QuantBase", "symbols": [{"literal":"?"}], "postprocess": P.simpleQuantifier},
    {"name": "QuantBase", "symbols": [{"literal":"+"}], "postprocess": P.simpleQuantifier},
    {"name": "QuantBase", "symbols": [{"literal":"*"}], "postprocess": P.simpleQuantifier},
    {"name": "QuantBase", "symbols": [{"literal":"{"}, "Count", {"literal":"}"}], "postprocess": P.countedQuantifier},
    {"name": "QuantBase", "symbols": [{"literal":"{"}, "Count", {"literal":","}, {"literal":"}"}], "postprocess": P.countedQuantifier},
    {"name": "QuantBase", "symbols": [{"literal":"{"}, "Count", {"literal":","}, "Count", {"literal":"}"}], "postprocess": P.countedQuantifier},
    {"name": "Modifier", "symbols": [{"literal":"consecutive"}], "postprocess": P.modifier},
    {"name": "Modifier", "symbols": [{"literal":"combinations"}], "postprocess": P.modifier},
    {"name": "Modifier", "symbols": [{"literal":"greedy"}], "postprocess": P.modifier},
    {"name": "Modifier", "symbols": [{"literal":"until"}, {"literal":"("}, "Expr", {"literal":")"}], "postprocess": P.untilModifier},
    {"name": "Expr", "symbols": ["Or"], "postprocess": id},
    {"name": "Or", "symbols": ["Or", {"literal":"or"}, "And"], "postprocess": E.binary},
    {"name": "Or", "symbols": ["And"], "postprocess": id},
    {"name": "And", "symbols": ["And", {"literal":"and"}, "Not"], "postprocess": E.binary},
    {"name": "And", "symbols": ["Not"], "postprocess": id},
    {"name": "Not", "symbols": [{"literal":"not"}, "Not"], "postprocess": E.unary},
    {"name": "Not", "symbols": ["Comparison"], "postprocess": id},
    {"name": "Comparison", "symbols": ["Sum", "CompareOp", "Sum"], "postprocess": E.binary},
    {"name": "Comparison", "symbols": ["Sum"], "postprocess": id},
    {"name": "CompareOp", "symbols": [{"literal":"<"}], "postprocess": id},
    {"name": "CompareOp", "symbols": [{"literal":"<="}], "postprocess": id},
    {"name": "CompareOp", "symbols": [{"literal":">"}], "postprocess": id},
    {"name": "CompareOp", "symbols": [{"literal":">="}], "postprocess": id},
    {"name": "CompareOp", "symbols": [{"literal":"=="}], "postprocess": id},
    {"name": "CompareOp", "symbols": [{"literal":"!="}], "postprocess": id},
    {"name": "CompareOp", "symbols": [{"literal":"in"}], "postprocess": id},
    {"name": "CompareOp", "symbols": [{"literal":"contains"}], "postprocess": id},
    {"name": "CompareOp", "symbols": [{"literal":"startswith"}], "postprocess": id},
    {"name": "CompareOp", "symbols": [{"literal":"endswith"}], "postprocess": id},
    {"name": "CompareOp", "symbols": [{"literal":"matches"}], "postprocess": id},
    {"name": "Sum", "symbols": ["Sum", "SumOp", "Product"], "postprocess": E.binary},
    {"name": "Sum", "symbols": ["Product"], "postprocess": id},
    {"name": "SumOp", "symbols": [{"literal":"+"}], "postprocess": id},
    {"name": "SumOp", "symbols": [{"literal":"-"}], "postprocess": id},
    {"name": "Product", "symbols": ["Product", "ProductOp", "Negation"], "postprocess": E.binary},
    {"name": "Product", "symbols": ["Negation"], "postprocess": id},
    {"name": "ProductOp", "symbols": [{"literal":"*"}], "postprocess": id},
    {"name": "ProductOp", "symbols": [{"literal":"/"}], "postprocess": id},
    {"name": "ProductOp", "symbols": [{"literal":"%"}], "postprocess": id},
    {"name": "Negation", "symbols": [{"literal":"-"}, "Negation"], "postprocess": E.unary},
    {"name": "Negation", "symbols": ["Postfix"], "postprocess": id},
    {"name": "Postfix", "symbols": ["Postfix", {"literal":"."}, "Word"], "postprocess": E.member},
    {"name": "Postfix", "symbols": ["Postfix", {"literal":"["}, "Expr", {"literal":"]"}], "postprocess": E.index},
    {"name": "Postfix", "symbols": ["Postfix", {"literal":"("}, "Args", {"literal":")"}], "postprocess": E.call},
    {"name": "Postfix", "symbols": [{"literal":"max"}, {"literal":"("}, "Args", {"literal":")"}], "postprocess": E.maxCall},
    {"name": "Postfix", "symbols": ["Primary"], "postprocess": id},
    {"name": "Primary", "symbols": [(lexer.has("number") ? {type: "number"} : number)], "postprocess": (d) => E.primary(d[0])},
    {"name": "Primary", "symbols": [(lexer.has("string") ? {type: "string"} : string)], "postprocess": (d) => E.primary(d[0])},
    {"name": "Primary", "symbols": [(lexer.has("duration") ? {type: "duration"} : duration)], "postprocess": (d) => E.primary(d[0])},
    {"name": "Primary", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": (d) => E.primary(d[0])},
    {"name": "Primary", "symbols": ["ValueWord"], "postprocess": (d) => E.primary(d[0])},
    {"name": "Primary", "symbols": [{"literal":"("}, "Expr", {"literal":")"}], "postprocess": E.paren},
    {"name": "Primary", "symbols": [{"literal":"["}, "Args", {"literal":"]"}], "postprocess": E.array},
    {"name": "ValueWord", "symbols": [{"literal":"true"}], "postprocess": id},
    {"name": "ValueWord", "symbols": [{"literal":"false"}], "postprocess": id},
    {"name": "ValueWord", "symbols": [{"literal":"null"}], "postprocess": id},
    {"name": "ValueWord", "symbols": [{"literal":"event"}], "postprocess": id},
    {"name": "ValueWord", "symbols": [{"literal":"key"}], "postprocess": id},
    {"name": "ValueWord", "symbols": [{"literal":"prior"}], "postprocess": id},
    {"name": "ValueWord", "symbols": [{"literal":"window"}], "postprocess": id},
    {"name": "Args", "symbols": [], "postprocess": E.list},
    {"name": "Args$ebnf$1", "symbols": []},
    {"name": "Args$ebnf$1$subexpression$1", "symbols": [{"literal":","}, "Expr"]},
    {"name": "Args$ebnf$1", "symbols": ["Args$ebnf$1", "Args$ebnf$1$subexpression$1"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "Args", "symbols": ["Expr", "Args$ebnf$1"], "postprocess": E.list},
    {"name": "Duration", "symbols": [(lexer.has("duration") ? {type: "duration"} : duration)], "postprocess": B.duration},
    {"name": "String", "symbols": [(lexer.has("string") ? {type: "string"} : string)], "postprocess": id},
    {"name": "StringList$ebnf$1$subexpression$1$ebnf$1", "symbols": []},
    {"name": "StringList$ebnf$1$subexpression$1$ebnf$1$subexpression$1", "symbols": [{"literal":","}, "String"]},
    {"name": "StringList$ebnf$1$subexpression$1$ebnf$1", "symbols": ["StringList$ebnf$1$subexpression$1$ebnf$1", "StringList$ebnf$1$subexpression$1$ebnf$1$subexpression$1"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "StringList$ebnf$1$subexpression$1", "symbols": ["String", "StringList$ebnf$1$subexpression$1$ebnf$1"]},
    {"name": "StringList$ebnf$1", "symbols": ["StringList$ebnf$1$subexpression$1"], "postprocess": id},
    {"name": "StringList$ebnf$1", "symbols": [], "postprocess": () => null},
    {"name": "StringList", "symbols": [{"literal":"["}, "StringList$ebnf$1", {"literal":"]"}], "postprocess": B.stringList},
    {"name": "Word", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": id},
    {"name": "Word", "symbols": [(lexer.has("kw") ? {type: "kw"} : kw)], "postprocess": id},
    {"name": "Path$ebnf$1", "symbols": []},
    {"name": "Path$ebnf$1", "symbols": ["Path$ebnf$1", "PathSegment"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "Path", "symbols": ["Word", "Path$ebnf$1"], "postprocess": B.path},
    {"name": "PathSegment", "symbols": [{"literal":"."}, "Word"], "postprocess": (d) => d},
    {"name": "PathSegment", "symbols": [{"literal":"["}, "Count", {"literal":"]"}], "postprocess": (d) => d},
    {"name": "PathSegment", "symbols": [{"literal":"["}, "String", {"literal":"]"}], "postprocess": (d) => d}
  ],
  ParserStart: "File",
};

export default grammar;
