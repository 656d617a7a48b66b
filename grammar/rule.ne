# rule NAME { clause... } (LANGUAGE.md section 4): clauses in any order; the checker reports
# repeated and misplaced ones.
@lexer lexer

RuleBlock -> "rule" RuleName "{" RuleClause:* "}"        {% B.ruleDecl %}
RuleName -> %ident                                       {% id %}

RuleClause ->
    "description" String     {% B.clause('description', 'description', (d, span) => ({ value: B.stringValue(d[1]), span })) %}
  | "tags" StringList        {% B.clause('tags', 'tags', (d, span) => ({ values: d[1].values, span })) %}
  | "severity" SeverityName  {% B.clause('severity', 'severity', (d, span) => ({ value: d[1].text, span })) %}
  | "enabled" Boolean        {% B.clause('enabled', 'enabled', (d, span) => ({ value: d[1].text === 'true', span })) %}
  | "from" SourceRef         {% B.clause('from', 'from', (d, span) => ({ name: d[1].text, span })) %}
  | "key" KeyPaths           {% B.clause('key', 'key', (d, span) => ({ paths: d[1].items.map((p: B.PathNode) => p.path), span })) %}
  | "filter" Expr            {% B.clause('filter', 'filter', (d, span) => ({ expr: d[1], span })) %}
  | "pattern" Pattern        {% B.clause('pattern', 'pattern', (d) => d[1]) %}
  | "where" WhereEntries     {% B.clause('where', 'where', (d, span) => ({ entries: d[1].entries, span })) %}
  | "within" Duration        {% B.clause('within', 'within', (d, span) => ({ ...d[1], clauseSpan: span })) %}
  | "within" "session" "gap" Duration
                             {% B.clause('within session gap', 'withinSession', (d, span) => ({ ...d[3], clauseSpan: span })) %}
  | SkipClause               {% id %}
  | "emit" EmitBody          {% B.clause('emit', 'emit', (d, span) => B.emitClause(d[1], span)) %}
  | "on" "timeout" "emit" EmitBody
                             {% B.clause('on timeout emit', 'timeoutEmit', (d, span) => B.emitClause(d[3], span)) %}
  | "suppress" Duration      {% B.clause('suppress', 'suppress', (d, span) => ({ ...d[1], clauseSpan: span })) %}
  | "max" "partial" Count    {% B.clause('max partial', 'maxPartial', (d, span) => ({ value: Number(d[2].text), span })) %}
  | "window" WindowSpec      {% B.clause('window', 'window', B.windowSpec) %}
  | "aggregate" Aggregates   {% B.clause('aggregate', 'aggregate', (d, span) => ({ items: d[1].items, span })) %}
  | "having" Expr            {% B.clause('having', 'having', (d, span) => ({ expr: d[1], span })) %}

SeverityName -> %ident       {% id %}
SourceRef -> %ident          {% id %}
Boolean -> "true"            {% id %}
         | "false"           {% id %}
Count -> %number             {% id %}
KeyPaths -> Path ("," Path):*                             {% B.commaList %}

# `where` entries need no separator: an entry runs until the next `NAME :` or clause word.
WhereEntries -> WhereEntry (",":? WhereEntry):*           {% B.whereEntries %}
WhereEntry -> StepName ":" Expr                           {% B.whereEntry %}

SkipClause ->
    "skip" "to" "next"               {% B.clause('skip', 'skip', B.skipClause) %}
  | "skip" "past" "last"             {% B.clause('skip', 'skip', B.skipClause) %}
  | "skip" "to" "first" StepName     {% B.clause('skip', 'skip', B.skipClause) %}
  | "skip" "to" "last" StepName      {% B.clause('skip', 'skip', B.skipClause) %}
  | "no" "skip"                      {% B.clause('skip', 'skip', B.skipClause) %}

EmitBody -> "{" EmitFields "}"                            {% B.emitBody %}
EmitFields -> null                                        {% B.emitFields %}
            | EmitField ("," EmitField):* ",":?           {% B.emitFields %}
EmitField -> EmitName ":" Expr                            {% B.emitField %}
EmitName -> Word                                          {% id %}
          | String                                        {% id %}

# After the word `window`.
WindowSpec ->
    "tumbling" Duration                    {% (d) => d %}
  | "sliding" Duration "every" Duration    {% (d) => d %}
  | "session" "gap" Duration               {% (d) => d %}

Aggregates -> Aggregate ("," Aggregate):*                 {% B.commaList %}
Aggregate -> Word "=" Word "(" Args ")"                   {% B.aggregateDef %}
