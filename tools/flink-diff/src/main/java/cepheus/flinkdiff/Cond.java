package cepheus.flinkdiff;

import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** A spec condition: {"field","cmp","value"} or {"op":"and"|"or"|"not","args":[...]}. */
public class Cond extends SimpleCondition<Event> implements Serializable {
    private static final long serialVersionUID = 1L;
    final String op; // and, or, not, or null for a leaf
    final List<Cond> args = new ArrayList<>();
    final String field, cmp;
    final String sval;
    final Double nval;

    Cond(JsonNode n) {
        if (n.has("op")) {
            op = n.get("op").asText();
            JsonNode a = n.has("args") ? n.get("args") : n.get("arg");
            if (a.isArray()) for (JsonNode x : a) args.add(new Cond(x));
            else args.add(new Cond(a));
            field = cmp = sval = null;
            nval = null;
        } else {
            op = null;
            field = n.get("field").asText();
            cmp = n.get("cmp").asText();
            JsonNode v = n.get("value");
            if (v.isNumber()) { nval = v.asDouble(); sval = null; } else { sval = v.asText(); nval = null; }
        }
    }

    public boolean test(Event e) {
        if (op != null) {
            switch (op) {
                case "and": for (Cond c : args) if (!c.test(e)) return false; return true;
                case "or": for (Cond c : args) if (c.test(e)) return true; return false;
                case "not": return !args.get(0).test(e);
                default: throw new IllegalArgumentException("op " + op);
            }
        }
        int r;
        if (nval != null) {
            double x;
            switch (field) {
                case "price": x = e.price; break;
                case "ts": x = e.ts; break;
                default: throw new IllegalArgumentException("numeric field " + field);
            }
            r = Double.compare(x, nval);
        } else {
            String x;
            switch (field) {
                case "name": x = e.name; break;
                case "key": x = e.key; break;
                case "id": x = e.id; break;
                default: throw new IllegalArgumentException("string field " + field);
            }
            r = x.compareTo(sval);
        }
        switch (cmp) {
            case "==": return r == 0;
            case "!=": return r != 0;
            case "<": return r < 0;
            case "<=": return r <= 0;
            case ">": return r > 0;
            case ">=": return r >= 0;
            default: throw new IllegalArgumentException("cmp " + cmp);
        }
    }

    @Override
    public boolean filter(Event e) {
        return test(e);
    }
}
