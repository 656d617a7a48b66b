// What GET /rules and GET /rules/:name show of a rule: its info, its status (with its file's
// compile state), and its counters from the running engine.

import type { CompiledRule, Engine } from '../engine/engine';
import { automatonToDot } from '../engine/nfa/to-dot';
import type { RuleCountersView, RuleDetail, RuleView } from '../io/ports';
import type { Diagnostic } from '../lang/diagnostic';

const ZERO: RuleCountersView = { events: 0, matches: 0, timeouts: 0, partialMatches: 0, late: 0, dropped: 0 };

export type FileStateOf = (file: string) => { ok: boolean; diagnostics: readonly Diagnostic[] } | undefined;

export function ruleView(rule: CompiledRule, engine: Engine, fileState: FileStateOf): RuleView {
  const state = fileState(rule.file);
  const error = state !== undefined && !state.ok ? firstError(state.diagnostics) : null;
  return {
    name: rule.name,
    file: rule.file,
    version: rule.version,
    kind: rule.kind,
    status: !rule.enabled ? 'disabled' : error !== null ? 'error' : 'running',
    description: rule.description,
    severity: rule.severity,
    tags: rule.tags,
    from: rule.source,
    lastError: error,
    counters: counters(rule, engine),
  };
}

export function ruleDetail(rule: CompiledRule, engine: Engine, fileState: FileStateOf): RuleDetail {
  return {
    ...ruleView(rule, engine, fileState),
    source: rule.sourceText,
    automaton: rule.kind === 'pattern' ? automatonToDot(rule.name, rule.automaton) : null,
  };
}

function counters(rule: CompiledRule, engine: Engine): RuleCountersView {
  const rt = engine.runtimes.get(rule.name);
  if (rt === undefined) return { ...ZERO };
  const c = rt.counters;
  return { events: c.events, matches: c.matches, timeouts: c.timeouts, partialMatches: rt.openPartialMatches, late: c.late, dropped: c.dropped };
}

/** `file:line:col CODE message` of the first error: its file's text on disk does not compile. */
function firstError(diags: readonly Diagnostic[]): string | null {
  const d = diags.find((x) => x.severity === 'error');
  return d === undefined ? null : `${d.file}:${d.line}:${d.column}: ${d.code}: ${d.message}`;
}
