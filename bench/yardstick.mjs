// The yardstick every bench figure is divided by: JSON.parse of the same lines, in the same
// process, best of three passes.
export function jsonParseRate(lines) {
  let best = 0;
  for (let rep = 0; rep < 3; rep++) {
    const t0 = process.hrtime.bigint();
    let sink = 0;
    for (let i = 0; i < lines.length; i++) sink += JSON.parse(lines[i]).ts & 1;
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    if (sink < 0) console.log(sink); // keeps the parse from being optimised away
    best = Math.max(best, lines.length / secs);
  }
  return best;
}

/**
 * A floor for keyed engines, for scale: the rate of nothing but one Map lookup (and insert, for a
 * new key) by the event's `key` per parsed event, keeping the latest time per key, best of three.
 * Any per-key engine does at least this much per event.
 */
export function keyedLookupRate(events) {
  let best = 0;
  for (let rep = 0; rep < 3; rep++) {
    const perKey = new Map();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      const last = perKey.get(e.key);
      if (last === undefined || e.ts > last) perKey.set(e.key, e.ts);
    }
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    best = Math.max(best, events.length / secs);
  }
  return best;
}
