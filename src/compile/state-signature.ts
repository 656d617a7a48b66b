// What a rule's run state depends on, hashed: reloading a rule whose signature is unchanged
// (only emit, severity, description, tags, suppress changed) keeps its partial matches
// (LANGUAGE.md 12). Positions in the file do not count; the meaning of the clauses does.

import { createHash } from 'node:crypto';
import type { RuleDecl } from '../lang/ast';

export function stateSignature(decl: RuleDecl, source: string, extra = ''): string {
  const parts = {
    source,
    key: decl.key?.paths ?? null,
    filter: decl.filter?.expr ?? null,
    pattern: decl.pattern ?? null,
    where: decl.where?.entries ?? null,
    within: decl.within?.ms ?? null,
    session: decl.withinSession?.ms ?? null,
    timeouts: decl.timeoutEmit !== undefined,
    skip: decl.skip ?? null,
    maxPartial: decl.maxPartial?.value ?? null,
    window: decl.window ?? null,
    aggregate: decl.aggregate?.items ?? null,
    extra,
  };
  return createHash('sha256').update(JSON.stringify(parts, withoutPositions)).digest('hex').slice(0, 16);
}

/** Drops spans and written forms, keeping meaning (`10m` and `600s` are the same duration). */
function withoutPositions(key: string, value: unknown): unknown {
  if (key === 'span' || key.endsWith('Span') || key === 'text' || key === 'clauses') return undefined;
  return value;
}

export function combineSignature(base: string, extra: string): string {
  return createHash('sha256').update(`${base}\u0000${extra}`).digest('hex').slice(0, 16);
}
