// The partition key of an event (LANGUAGE.md 4, `key`): strings as they are, numbers and
// booleans as their JSON text, several paths as an array; anything else means "no key".

import type { PathSeg } from '../lang/ast';
import { readPath } from './time/event-time';

export interface KeyOf {
  /** the key as alerts show it, or undefined when the event has no usable key */
  value: unknown;
  /** the key as a map key */
  text: string;
}

const GLOBAL: KeyOf = { value: null, text: '' };
const MISSING: KeyOf = { value: undefined, text: '' };

/**
 * The key of an event. For one path the returned object is reused by every call: read it before
 * the next call.
 */
export function keyExtractor(paths: readonly (readonly PathSeg[])[] | null): (event: unknown) => KeyOf {
  if (paths === null || paths.length === 0) return () => GLOBAL;
  if (paths.length === 1) {
    const path = paths[0];
    const out: KeyOf = { value: undefined, text: '' };
    return (event) => {
      const k = keyPart(readPath(event, path));
      if (k === undefined) return MISSING;
      out.value = k;
      out.text = k;
      return out;
    };
  }
  return (event) => {
    const parts: string[] = [];
    for (const path of paths) {
      const k = keyPart(readPath(event, path));
      if (k === undefined) return MISSING;
      parts.push(k);
    }
    return { value: parts, text: JSON.stringify(parts) };
  };
}

function keyPart(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : undefined;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}
