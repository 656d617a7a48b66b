// What the Kafka mode reads off an engine: which topics its rules read and which of its sources
// read a topic.

import type { Engine, RuleRuntime } from '../engine/engine';

export function topicsOf(engine: Engine): string[] {
  return [...new Set([...engine.sources.values()].filter((s) => s.rules.length > 0).map((s) => s.spec.topic))].sort();
}

export function sourcesOfTopic(engine: Engine, topic: string): string[] {
  return [...engine.sources.values()].filter((s) => s.spec.topic === topic).map((s) => s.spec.name);
}

/** The runtimes reading one of the topic's sources. */
export function runtimesOfTopic(engine: Engine, topic: string): RuleRuntime[] {
  const names = new Set(sourcesOfTopic(engine, topic));
  return [...engine.runtimes.values()].filter((rt) => names.has(rt.rule.source));
}
