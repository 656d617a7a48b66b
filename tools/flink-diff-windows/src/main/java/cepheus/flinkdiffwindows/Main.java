package cepheus.flinkdiffwindows;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.DeserializationFeature;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeSet;
import java.util.List;
import java.util.Set;

/**
 * Runs Flink 2.3's WindowOperator (built by WindowOperatorBuilder, as
 * keyBy(..).window(assigner).trigger(EventTimeTrigger.create()).allowedLateness(L).process(fn) does)
 * on a batch of cases, in a KeyedOneInputStreamOperatorTestHarness keyed by "key".
 *
 * <p>Input: JSON lines {"id", "job": {assigner, size?, slide?, gap?, lateness, watermark,
 * aggs: [{name, fn, field}], having: {name, op, value} | null, emit?: true (adds ws, we, width =
 * window start, end, end - start after the aggregates)}, "events": [event | {"_watermark": ms}]}.
 * Output: JSON lines {"id", "firings": [{key, start, end, fields, pass, cause, from, ids}], "dropped": [ids], "error"?}
 * with firings in the order the operator made them; cause = what was being processed when the window
 * fired: "event" (watermark after an event), "line" (a _watermark line), "end" (the final MAX
 * watermark) or "element" (an element that fired its window at once: late re-firing or late merge);
 * from = "start:end" of the earlier fired windows this window is or grew from by merging; ids = its elements.
 *
 * <p>Watermarks as forBoundedOutOfOrderness(D) with a watermark after every event: max ts - D - 1,
 * sent when it advances; a _watermark line is sent when above the current watermark; Long.MAX_VALUE
 * at the end.
 */
public class Main {
    static final ObjectMapper M = new ObjectMapper();
    static final OutputTag<Event> LATE = new OutputTag<Event>("late") {};
    static List<ObjectNode> sink = new ArrayList<>();
    static String phase = "";

    /**
     * EventTimeTrigger.create(), delegated to unchanged, watching merges: WindowOperator calls
     * onMerge(result) and then clear(m) for each merged window m (WindowOperator.processElement's
     * MergeFunction), so the fired windows each session window grew from can be recorded (for the
     * alert id check on the Node side; the trigger's behaviour is EventTimeTrigger's).
     */
    static String currentKey;
    static TimeWindow pendingMerge;
    /** per key: live window -> "start:end" of every fired window it contains by merging (itself once fired) */
    static Map<String, Map<TimeWindow, Set<String>>> lineage = new HashMap<>();

    static Set<String> lineageOf(String key, TimeWindow w) {
        return lineage.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(w, x -> new TreeSet<>());
    }

    public static class WatchingTrigger extends Trigger<Object, TimeWindow> {
        final EventTimeTrigger d = EventTimeTrigger.create();
        @Override public TriggerResult onElement(Object e, long t, TimeWindow w, TriggerContext c) throws Exception { return d.onElement(e, t, w, c); }
        @Override public TriggerResult onProcessingTime(long t, TimeWindow w, TriggerContext c) throws Exception { return d.onProcessingTime(t, w, c); }
        @Override public TriggerResult onEventTime(long t, TimeWindow w, TriggerContext c) throws Exception { return d.onEventTime(t, w, c); }
        @Override public boolean canMerge() { return d.canMerge(); }
        @Override public void onMerge(TimeWindow w, OnMergeContext c) throws Exception {
            d.onMerge(w, c);
            pendingMerge = w;
            lineageOf(currentKey, w);
        }
        @Override public void clear(TimeWindow w, TriggerContext c) throws Exception {
            d.clear(w, c);
            if (pendingMerge != null && currentKey != null && !w.equals(pendingMerge)) {
                Map<TimeWindow, Set<String>> m = lineage.computeIfAbsent(currentKey, k -> new HashMap<>());
                Set<String> from = m.remove(w);
                if (from != null) lineageOf(currentKey, pendingMerge).addAll(from);
            }
        }
        @Override public String toString() { return d.toString(); }
    }

    /** One aggregate: name = fn(field). */
    static final class Agg {
        final String name, fn, field;
        Agg(JsonNode n) {
            name = n.get("name").asText();
            fn = n.get("fn").asText();
            field = n.path("field").asText("");
        }
    }

    static Object fieldOf(Event e, String f) {
        switch (f) {
            case "amount": return e.amount;
            case "merchant": return e.merchant;
            case "id": return e.id;
            case "key": return e.key;
            case "ts": return (double) e.ts;
            default: return null;
        }
    }

    static boolean finite(Object v) {
        return v instanceof Double && Double.isFinite((Double) v);
    }

    /** LANGUAGE.md 8 aggregates (as accumulators.ts documents them). */
    static Object aggregate(Agg a, List<Event> evs) {
        switch (a.fn) {
            case "count": return (long) evs.size();
            case "sum": {
                double s = 0;
                for (Event e : evs) { Object v = fieldOf(e, a.field); if (finite(v)) s += (Double) v; }
                return s;
            }
            case "avg": {
                double s = 0; long n = 0;
                for (Event e : evs) { Object v = fieldOf(e, a.field); if (finite(v)) { s += (Double) v; n++; } }
                return n == 0 ? null : s / n;
            }
            case "min": case "max": {
                Double best = null;
                for (Event e : evs) {
                    Object v = fieldOf(e, a.field);
                    if (!finite(v)) continue;
                    double d = (Double) v;
                    if (best == null || (a.fn.equals("min") ? d < best : d > best)) best = d;
                }
                return best;
            }
            case "first": case "last": {
                Event best = null;
                for (Event e : evs) {
                    if (best == null) { best = e; continue; }
                    boolean before = e.ts < best.ts || (e.ts == best.ts && e.seq < best.seq);
                    if (a.fn.equals("first") == before) best = e;
                }
                return best == null ? null : fieldOf(best, a.field);
            }
            case "distinct_count": {
                Set<Object> seen = new HashSet<>();
                for (Event e : evs) { Object v = fieldOf(e, a.field); if (v != null) seen.add(v); }
                return (long) seen.size();
            }
            default: throw new IllegalArgumentException("aggregate " + a.fn);
        }
    }

    static boolean having(JsonNode h, Object v) {
        if (h == null || h.isNull()) return true;
        JsonNode lit = h.get("value");
        String op = h.get("op").asText();
        if (v == null) return op.equals("!=") ? !lit.isNull() : op.equals("==") && lit.isNull();
        if (v instanceof String || lit.isTextual()) {
            if (!(v instanceof String) || !lit.isTextual()) return op.equals("!=");
            int c = ((String) v).compareTo(lit.asText());
            return cmp(op, c);
        }
        double x = ((Number) v).doubleValue(), y = lit.asDouble();
        return cmp(op, Double.compare(x, y) == 0 ? 0 : (x < y ? -1 : 1));
    }

    static boolean cmp(String op, int c) {
        switch (op) {
            case "==": return c == 0;
            case "!=": return c != 0;
            case "<": return c < 0;
            case "<=": return c <= 0;
            case ">": return c > 0;
            case ">=": return c >= 0;
            default: throw new IllegalArgumentException("op " + op);
        }
    }

    static void put(ObjectNode o, String name, Object v, boolean asDouble) {
        if (v == null) o.putNull(name);
        else if (v instanceof Long) o.put(name, (Long) v);
        else if (v instanceof String) o.put(name, (String) v);
        else {
            double d = (Double) v;
            if (!asDouble && d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) o.put(name, (long) d);
            else o.put(name, d);
        }
    }

    public static class Fn extends ProcessWindowFunction<Event, String, String, TimeWindow> {
        final List<Agg> aggs;
        final JsonNode having;
        final boolean emit;
        Fn(List<Agg> aggs, JsonNode having, boolean emit) { this.aggs = aggs; this.having = having; this.emit = emit; }

        @Override
        public void process(String key, Context ctx, Iterable<Event> elements, Collector<String> out) {
            List<Event> evs = new ArrayList<>();
            for (Event e : elements) evs.add(e);
            ObjectNode f = M.createObjectNode();
            Object havingValue = null;
            for (Agg a : aggs) {
                Object v = aggregate(a, evs);
                put(f, a.name, v, a.fn.equals("avg"));
                if (having != null && !having.isNull() && a.name.equals(having.get("name").asText())) havingValue = v;
            }
            if (emit) {
                f.put("ws", ctx.window().getStart());
                f.put("we", ctx.window().getEnd());
                f.put("width", ctx.window().getEnd() - ctx.window().getStart());
            }
            ObjectNode r = M.createObjectNode();
            r.put("key", key);
            r.put("start", ctx.window().getStart());
            r.put("end", ctx.window().getEnd());
            r.set("fields", f);
            r.put("pass", having(having, havingValue));
            r.put("cause", phase);
            Set<String> lin = lineageOf(key, ctx.window());
            ArrayNode from = r.putArray("from");
            for (String x : lin) from.add(x);
            lin.add(ctx.window().getStart() + ":" + ctx.window().getEnd());
            ArrayNode ids = r.putArray("ids");
            for (Event e : evs) ids.add(e.id);
            sink.add(r);
        }
    }

    public static class KeySel implements KeySelector<Event, String> {
        @Override
        public String getKey(Event e) { return e.key; }
    }

    static WindowAssigner<Object, TimeWindow> assigner(JsonNode job) {
        switch (job.get("assigner").asText()) {
            case "tumbling": return TumblingEventTimeWindows.of(Duration.ofMillis(job.get("size").asLong()));
            case "sliding": return SlidingEventTimeWindows.of(Duration.ofMillis(job.get("size").asLong()), Duration.ofMillis(job.get("slide").asLong()));
            case "session": return EventTimeSessionWindows.withGap(Duration.ofMillis(job.get("gap").asLong()));
            default: throw new IllegalArgumentException("assigner " + job.get("assigner"));
        }
    }

    static ObjectNode runCase(JsonNode job, JsonNode events) throws Exception {
        List<Agg> aggs = new ArrayList<>();
        for (JsonNode a : job.get("aggs")) aggs.add(new Agg(a));
        KeySel ks = new KeySel();
        WindowOperatorBuilder<Event, String, TimeWindow> b = new WindowOperatorBuilder<>(
                assigner(job), new WatchingTrigger(), new ExecutionConfig(),
                TypeInformation.of(Event.class), ks, BasicTypeInfo.STRING_TYPE_INFO);
        b.allowedLateness(Duration.ofMillis(job.get("lateness").asLong()));
        b.sideOutputLateData(LATE);
        OneInputStreamOperator<Event, String> op = b.process(new Fn(aggs, job.get("having"), job.path("emit").asBoolean(false)));
        long delay = job.get("watermark").asLong();
        sink = new ArrayList<>();
        lineage = new HashMap<>();
        pendingMerge = null;
        currentKey = null;
        ObjectNode res = M.createObjectNode();
        ArrayNode dropped = M.createArrayNode();
        try (KeyedOneInputStreamOperatorTestHarness<String, Event, String> h =
                new KeyedOneInputStreamOperatorTestHarness<>(op, ks, BasicTypeInfo.STRING_TYPE_INFO)) {
            h.open();
            long wm = Long.MIN_VALUE, max = Long.MIN_VALUE;
            int seq = 0;
            for (JsonNode n : events) {
                if (n.has("_watermark")) {
                    long w = n.get("_watermark").asLong();
                    phase = "line";
                    pendingMerge = null;
                    currentKey = null;
                    if (w > wm) { wm = w; h.processWatermark(new Watermark(wm)); }
                    continue;
                }
                Event e = new Event();
                e.id = n.path("id").asText();
                e.key = n.path("key").asText();
                e.merchant = n.hasNonNull("merchant") ? n.get("merchant").asText() : null;
                e.amount = n.path("amount").isNumber() ? n.get("amount").asDouble() : null;
                e.ts = n.get("ts").asLong();
                e.seq = seq++;
                phase = "element";
                pendingMerge = null;
                currentKey = e.key;
                h.processElement(new StreamRecord<>(e, e.ts));
                pendingMerge = null;
                currentKey = null;
                max = Math.max(max, e.ts);
                phase = "event";
                if (max - delay - 1 > wm) { wm = max - delay - 1; h.processWatermark(new Watermark(wm)); }
            }
            phase = "end";
            pendingMerge = null;
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            if (h.getSideOutput(LATE) != null) for (StreamRecord<Event> r : h.getSideOutput(LATE)) dropped.add(r.getValue().id);
        }
        ArrayNode f = res.putArray("firings");
        for (ObjectNode o : sink) f.add(o);
        res.set("dropped", dropped);
        return res;
    }

    public static void main(String[] args) throws Exception {
        M.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        try (BufferedReader in = Files.newBufferedReader(Paths.get(args[0]), StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(Paths.get(args[1]), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode c = M.readTree(line);
                ObjectNode r;
                try {
                    r = runCase(c.get("job"), c.get("events"));
                } catch (Throwable t) {
                    r = M.createObjectNode();
                    Throwable root = t;
                    while (root.getCause() != null) root = root.getCause();
                    r.put("error", t + (root != t ? " (root cause: " + root + ")" : ""));
                }
                ObjectNode o = M.createObjectNode();
                o.set("id", c.get("id"));
                o.setAll(r);
                out.write(M.writeValueAsString(o));
                out.write("\n");
                out.flush();
            }
        }
    }
}
