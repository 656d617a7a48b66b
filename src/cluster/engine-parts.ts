// What the Kafka mode reads off the engine: which sources read a topic, which topic a rule's keys
// come from, and a key's text as the engine's maps hold it.

import type { Engine, RuleRuntime } from '../engine/engine';

export function topicsOf(engine: Engine): string[] {
  return [...new Set([...engine.sources.values()].filter((s) => s.rules.length > 0).map((s) => s.spec.topic))].sort();
}

export function sourcesOfTopic(engine: Engine, topic: string): string[] {
  return [...engine.sources.values()].filter((s) => s.spec.topic === topic).map((s) => s.spec.name);
}

export function topicOfRule(engine: Engine, rule: string): string | undefined {
  const rt = engine.runtimes.get(rule);
  return rt === undefined ? undefined : engine.sources.get(rt.rule.source)?.spec.topic;
}

/** The runtimes reading one of the topic's sources. */
export function runtimesOfTopic(engine: Engine, topic: string): RuleRuntime[] {
  const names = new Set(sourcesOfTopic(engine, topic));
  return [...engine.runtimes.values()].filter((rt) => names.has(rt.rule.source));
}

/** An alert's `key` back to the engine's key text (engine/keys.ts): null is the global key ''. */
export function engineKeyText(key: unknown): string {
  if (key === null || key === undefined) return '';
  return typeof key === 'string' ? key : JSON.stringify(key);
}
