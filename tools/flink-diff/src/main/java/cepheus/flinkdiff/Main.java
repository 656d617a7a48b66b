package cepheus.flinkdiff;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs Flink CEP 2.3's CepOperator (event time) on a batch of cases.
 *
 * <p>Input: JSON lines {"id", "spec": {steps, within, skip, filter?, timeouts?}, "events": [...]}.
 * Output: JSON lines {"id", "alerts": [{"kind","key","events":{step:[ids]}}], "error"?}, alerts in
 * the order the operator produced them (matches and timed-out partial matches interleaved).
 *
 * <p>Per case: a KeyedOneInputStreamOperatorTestHarness keyed by "key"; each event that passes the
 * spec's filter is processed with its ts as timestamp; after every event (filtered or not) the
 * watermark max(ts) - 1 is sent if it advanced; at the end Long.MAX_VALUE.
 */
public class Main {
    static final ObjectMapper M = new ObjectMapper();
    static List<ObjectNode> sink = new ArrayList<>();

    static ObjectNode render(String kind, Map<String, List<Event>> m) {
        ObjectNode a = M.createObjectNode();
        a.put("kind", kind);
        String key = null;
        ObjectNode ev = M.createObjectNode();
        for (Map.Entry<String, List<Event>> e : m.entrySet()) {
            ArrayNode ids = ev.putArray(e.getKey());
            for (Event x : e.getValue()) {
                ids.add(x.id);
                key = x.key;
            }
        }
        a.put("key", key);
        a.set("events", ev);
        return a;
    }

    public static class Fn extends PatternProcessFunction<Event, String> {
        @Override
        public void processMatch(Map<String, List<Event>> match, Context ctx, Collector<String> out) {
            sink.add(render("match", match));
        }
    }

    public static class FnTimeout extends Fn implements TimedOutPartialMatchHandler<Event> {
        @Override
        public void processTimedOutMatch(Map<String, List<Event>> match, Context ctx) {
            sink.add(render("timeout", match));
        }
    }

    static AfterMatchSkipStrategy skip(String s) {
        if (s == null || s.equals("noSkip")) return AfterMatchSkipStrategy.noSkip();
        if (s.equals("skipToNext")) return AfterMatchSkipStrategy.skipToNext();
        if (s.equals("skipPastLastEvent")) return AfterMatchSkipStrategy.skipPastLastEvent();
        if (s.startsWith("skipToFirst:")) return AfterMatchSkipStrategy.skipToFirst(s.substring(12));
        if (s.startsWith("skipToLast:")) return AfterMatchSkipStrategy.skipToLast(s.substring(11));
        throw new IllegalArgumentException("skip " + s);
    }

    static Pattern<Event, Event> build(JsonNode spec) {
        Pattern<Event, Event> p = null;
        for (JsonNode st : spec.get("steps")) {
            String name = st.get("name").asText();
            String c = st.get("contiguity").asText();
            switch (c) {
                case "begin": p = Pattern.<Event>begin(name, skip(spec.path("skip").asText("noSkip"))); break;
                case "next": p = p.next(name); break;
                case "followedBy": p = p.followedBy(name); break;
                case "followedByAny": p = p.followedByAny(name); break;
                case "notNext": p = p.notNext(name); break;
                case "notFollowedBy": p = p.notFollowedBy(name); break;
                default: throw new IllegalArgumentException("contiguity " + c);
            }
            if (st.hasNonNull("cond")) p = p.where(new Cond(st.get("cond")));
            String q = st.path("quant").asText("");
            if (q.equals("?")) p = p.optional();
            else if (q.equals("+")) p = p.oneOrMore();
            else if (q.equals("*")) p = p.oneOrMore().optional();
            else if (q.startsWith("{")) {
                boolean opt = q.endsWith("?");
                String body = q.substring(1, q.indexOf('}'));
                if (!body.contains(",")) p = p.times(Integer.parseInt(body));
                else if (body.endsWith(",")) p = p.timesOrMore(Integer.parseInt(body.substring(0, body.length() - 1)));
                else {
                    String[] ab = body.split(",");
                    p = p.times(Integer.parseInt(ab[0].trim()), Integer.parseInt(ab[1].trim()));
                }
                if (opt) p = p.optional();
            } else if (!q.isEmpty()) throw new IllegalArgumentException("quant " + q);
            String mod = st.path("mod").asText("");
            if (mod.equals("greedy")) p = p.greedy();
            else if (mod.equals("combinations")) p = p.allowCombinations();
            else if (mod.equals("consecutive")) p = p.consecutive();
            else if (!mod.isEmpty()) throw new IllegalArgumentException("mod " + mod);
            if (st.hasNonNull("until")) p = p.until(new Cond(st.get("until")));
        }
        if (spec.hasNonNull("within")) p = p.within(Duration.ofMillis(spec.get("within").asLong()));
        return p;
    }

    static List<ObjectNode> runCase(JsonNode spec, JsonNode events) throws Exception {
        Pattern<Event, Event> pattern = build(spec);
        boolean timeouts = spec.path("timeouts").asBoolean(false);
        Cond filter = spec.hasNonNull("filter") ? new Cond(spec.get("filter")) : null;
        TypeSerializer<Event> ser = TypeInformation.of(Event.class).createSerializer(new SerializerConfigImpl());
        Fn fn = timeouts ? new FnTimeout() : new Fn();
        CepOperator<Event, String, String> op = new CepOperator<>(
                ser, false, NFACompiler.compileFactory(pattern, timeouts), null,
                pattern.getAfterMatchSkipStrategy(), fn, null);
        KeySelector<Event, String> ks = new KeySel();
        sink = new ArrayList<>();
        try (KeyedOneInputStreamOperatorTestHarness<String, Event, String> h =
                new KeyedOneInputStreamOperatorTestHarness<>(op, ks, BasicTypeInfo.STRING_TYPE_INFO)) {
            h.open();
            long wm = Long.MIN_VALUE, max = Long.MIN_VALUE;
            for (JsonNode n : events) {
                if (n.has("_watermark")) {
                    long w = n.get("_watermark").asLong();
                    if (w > wm) { wm = w; h.processWatermark(new Watermark(wm)); }
                    continue;
                }
                Event e = M.treeToValue(n, Event.class);
                if (filter == null || filter.test(e)) h.processElement(new StreamRecord<>(e, e.ts));
                max = Math.max(max, e.ts);
                if (max - 1 > wm) { wm = max - 1; h.processWatermark(new Watermark(wm)); }
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
        }
        return sink;
    }

    public static class KeySel implements KeySelector<Event, String> {
        @Override
        public String getKey(Event e) {
            return e.key;
        }
    }

    public static void main(String[] args) throws Exception {
        M.configure(org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        try (BufferedReader in = Files.newBufferedReader(Paths.get(args[0]), StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(Paths.get(args[1]), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode c = M.readTree(line);
                ObjectNode r = M.createObjectNode();
                r.set("id", c.get("id"));
                try {
                    ArrayNode arr = r.putArray("alerts");
                    for (ObjectNode a : runCase(c.get("spec"), c.get("events"))) arr.add(a);
                } catch (Throwable t) {
                    r.remove("alerts");
                    StringWriter sw = new StringWriter();
                    t.printStackTrace(new PrintWriter(sw));
                    Throwable root = t;
                    while (root.getCause() != null) root = root.getCause();
                    r.put("error", t.toString() + (root != t ? " (root cause: " + root + " at " + (root.getStackTrace().length > 0 ? root.getStackTrace()[0] : "?") + ")" : ""));
                }
                out.write(M.writeValueAsString(r));
                out.write("\n");
                out.flush();
            }
        }
    }
}
