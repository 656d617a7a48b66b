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
