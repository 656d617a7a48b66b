// A task's engine: the rules its topic's tasks run, and the watermark parts it starts with.

import type { RuleSet } from '../engine/engine';
import type { Task } from './task';
import type { Input } from './topology';

/**
 * A repartition task's watermark is the minimum over the source topic's partitions (LANGUAGE.md 7):
 * one that has not sent anything yet holds it back, as a Flink operator waits for every input
 * channel, instead of the first origin to arrive moving it alone and making the others late.
 */
export function seedOrigins(task: Task): void {
  if (task.input.kind !== 'repartition') return;
  for (const feed of task.input.feeds) {
    const wm = task.engine.sources.get(feed.source)?.watermark;
    for (let o = 0; o < task.input.origins; o++) if (wm !== undefined && wm.partitionMax(String(o)) === -Infinity) wm.seed(String(o), -Infinity);
  }
}

/**
 * A restored partition counts as just seen: `idle` (LANGUAGE.md 3) is processing time since its
 * last event, and a restore must not make every partition idle at once (the watermark would jump
 * to the wall clock and the records about to be replayed would all be late).
 */
export function touchPartitions(task: Task, now: number): void {
  for (const src of task.engine.sources.values()) {
    for (const [partition] of src.watermark.snapshot().partitions) src.watermark.observe(-Infinity, partition, now);
  }
}

/** The rules a topic's tasks run, from the whole rule set. */
export function rulesFor(set: RuleSet, input: Input): RuleSet {
  const names = new Set(input.feeds.flatMap((f) => f.rules));
  return { rules: set.rules.filter((r) => names.has(r.name)), sources: set.sources };
}
