# source NAME { ... } (LANGUAGE.md section 3). The clause words are not reserved, so they are
# matched by their text.
@lexer lexer

SourceBlock -> "source" SourceName "{" SourceClause:* "}"  {% B.sourceDecl %}
SourceName -> %ident                                       {% id %}

SourceClause ->
    "topic" String          {% B.clause('topic', 'topic', (d, span) => ({ value: B.stringValue(d[1]), span })) %}
  | "time" Path             {% B.clause('time', 'time', (d, span) => ({ path: d[1].path, span })) %}
  | "watermark" Duration    {% B.clause('watermark', 'watermark', (d) => d[1]) %}
  | "idle" Duration         {% B.clause('idle', 'idle', (d) => d[1]) %}
  | "lateness" Duration     {% B.clause('lateness', 'lateness', (d) => d[1]) %}
  | "format" FormatName     {% B.clause('format', 'format', (d, span) => ({ value: d[1].text, span })) %}

FormatName -> %ident        {% id %}
