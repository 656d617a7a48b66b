# Patterns (LANGUAGE.md section 5): `'!'? NAME QUANT? MODIFIER*` joined by nothing (strict),
# `->` (relaxed) or `->>` (any); groups `( ... )` take a quantifier and modifiers too. Illegal
# combinations parse and are reported by the checker, which can name them.
@lexer lexer

Pattern -> Element (Link Element):*                       {% P.pattern %}
Link -> null                                              {% P.link %}
      | "->"                                              {% P.link %}
      | "->>"                                             {% P.link %}

Element -> "!":? PatternItem Quantifier:? Modifier:*      {% P.element %}
PatternItem -> StepName                                   {% P.stepItem %}
             | "(" Pattern ")"                            {% P.groupItem %}
StepName -> %ident                                        {% id %}

Quantifier -> QuantBase "?":?                             {% P.quantifier %}
QuantBase -> "?"                                          {% P.simpleQuantifier %}
           | "+"                                          {% P.simpleQuantifier %}
           | "*"                                          {% P.simpleQuantifier %}
           | "{" Count "}"                                {% P.countedQuantifier %}
           | "{" Count "," "}"                            {% P.countedQuantifier %}
           | "{" Count "," Count "}"                      {% P.countedQuantifier %}

Modifier -> "consecutive"                                 {% P.modifier %}
          | "combinations"                                {% P.modifier %}
          | "greedy"                                      {% P.modifier %}
          | "until" "(" Expr ")"                          {% P.untilModifier %}
