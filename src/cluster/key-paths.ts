// A compiled rule keeps its key as a function; which event fields it reads (the `key` clause's
// paths) is read back from the rule's own text, to decide whether a topic is partitioned by it.

import type { CompiledRule } from '../engine/engine';
import type { PathSeg } from '../lang/ast';
import { parseRuleFile } from '../lang/parse';

const cache = new Map<string, readonly PathSeg[][]>();

/** The rule's key paths; [] for a rule without `key` (one global key). */
export function keyPathsOf(rule: CompiledRule): readonly PathSeg[][] {
  const hit = cache.get(rule.version);
  if (hit !== undefined) return hit;
  const decl = parseRuleFile(rule.sourceText, rule.file).ast?.rules[0];
  const paths = decl?.key?.paths ?? [];
  cache.set(rule.version, paths);
  return paths;
}

/** One text per distinct key: `user`, `a.b,c`, `` for the global key. */
export function keyText(paths: readonly PathSeg[][]): string {
  return paths.map((p) => p.join('.')).join(',');
}
