# Expressions (LANGUAGE.md section 6), loosest first: or, and, not, comparisons (which do not
# chain), + -, * / %, unary -, then member access, index and call. `key`, `window` and `max` are
# clause words too; `max` is a value only when called.
@lexer lexer

Expr -> Or                                                {% id %}

Or -> Or "or" And                                         {% E.binary %}
    | And                                                 {% id %}
And -> And "and" Not                                      {% E.binary %}
     | Not                                                {% id %}
Not -> "not" Not                                          {% E.unary %}
     | Comparison                                         {% id %}
Comparison -> Sum CompareOp Sum                           {% E.binary %}
            | Sum                                         {% id %}
CompareOp -> "<" {% id %} | "<=" {% id %} | ">" {% id %} | ">=" {% id %} | "==" {% id %} | "!=" {% id %}
           | "in" {% id %} | "contains" {% id %} | "startswith" {% id %} | "endswith" {% id %}
           | "matches" {% id %}
Sum -> Sum SumOp Product                                  {% E.binary %}
     | Product                                            {% id %}
SumOp -> "+" {% id %} | "-" {% id %}
Product -> Product ProductOp Negation                     {% E.binary %}
         | Negation                                       {% id %}
ProductOp -> "*" {% id %} | "/" {% id %} | "%" {% id %}
Negation -> "-" Negation                                  {% E.unary %}
          | Postfix                                       {% id %}
Postfix -> Postfix "." Word                               {% E.member %}
         | Postfix "[" Expr "]"                           {% E.index %}
         | Postfix "(" Args ")"                           {% E.call %}
         | "max" "(" Args ")"                             {% E.maxCall %}
         | Primary                                        {% id %}
Primary -> %number                                        {% (d) => E.primary(d[0]) %}
         | %string                                        {% (d) => E.primary(d[0]) %}
         | %duration                                      {% (d) => E.primary(d[0]) %}
         | %ident                                         {% (d) => E.primary(d[0]) %}
         | ValueWord                                      {% (d) => E.primary(d[0]) %}
         | "(" Expr ")"                                   {% E.paren %}
         | "[" Args "]"                                   {% E.array %}
ValueWord -> "true" {% id %} | "false" {% id %} | "null" {% id %} | "event" {% id %}
           | "key" {% id %} | "prior" {% id %} | "window" {% id %}
Args -> null                                              {% E.list %}
      | Expr ("," Expr):*                                 {% E.list %}
