# Pieces shared by several clauses.
@lexer lexer

Duration -> %duration                                     {% B.duration %}
String -> %string                                         {% id %}
StringList -> "[" (String ("," String):*):? "]"           {% B.stringList %}

# A word is a name that may be reserved: emit names, member names, paths, aggregate names.
Word -> %ident                                            {% id %}
      | %kw                                               {% id %}

# A field path (the `key` clause, `time`): reserved words allowed, so `key key` works.
Path -> Word PathSegment:*                                {% B.path %}
PathSegment -> "." Word                                   {% (d) => d %}
             | "[" Count "]"                              {% (d) => d %}
             | "[" String "]"                             {% (d) => d %}
