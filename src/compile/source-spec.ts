// A `source NAME { ... }` block as the engine needs it, defaults filled in (LANGUAGE.md 3).

import type { SourceDecl } from '../lang/ast';
import type { SourceSpec } from '../engine/source-runtime';

export function sourceSpec(decl: SourceDecl): SourceSpec {
  return {
    name: decl.name,
    topic: decl.topic?.value ?? decl.name,
    timePath: decl.time?.path ?? ['ts'],
    watermarkMs: decl.watermark?.ms ?? 0,
    idleMs: decl.idle?.ms ?? null,
    latenessMs: decl.lateness?.ms ?? 0,
  };
}
