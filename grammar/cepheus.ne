# The Cepheus rule language (../../shared/LANGUAGE.md), compiled by `npm run build:grammar`
# into cepheus.ts, which is checked in. Tokens come from lexer.ts (moo); the postprocessors only
# build plain AST objects (build-*.ts). Nonterminal names matter: the front end uses them to say
# what was expected (src/lang/syntax/expected.ts).
#
# Layout is free and a clause ends where the next clause word begins; the grammar has no
# juxtaposition of expressions, so an expression ends at the first token that cannot continue it.
# More than one parse for any input is a bug (test/unit/lang/ambiguity.test.ts).

@preprocessor typescript
@lexer lexer

@{%
import { lexer } from './lexer';
import * as E from './build-expr';
import * as P from './build-pattern';
import * as B from './build-blocks';
%}

File -> Block:*                                    {% id %}
Block -> SourceBlock                               {% id %}
       | RuleBlock                                 {% id %}

@include "source.ne"
@include "rule.ne"
@include "pattern.ne"
@include "expr.ne"
@include "common.ne"
