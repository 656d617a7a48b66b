// Command-line arguments: `--flag value...` where a flag may take several values up to the next
// flag (`--rules a.cep b.cep`), as LANGUAGE.md 13 writes them.

import { CepheusError, ErrorCodes } from '../errors';

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string[]>;
}

export function parseArgs(argv: readonly string[], known: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { positionals: [], flags: new Map() };
  let current: string[] | null = null;
  for (const arg of argv) {
    if (arg.startsWith('--') && arg.length > 2) {
      const [name, inline] = splitInline(arg.slice(2));
      if (!known.includes(name)) throw usage(`unknown option --${name}`);
      current = out.flags.get(name) ?? [];
      out.flags.set(name, current);
      if (inline !== null) current.push(inline);
      continue;
    }
    if (current !== null) current.push(arg);
    else out.positionals.push(arg);
  }
  return out;
}

function splitInline(s: string): [string, string | null] {
  const eq = s.indexOf('=');
  return eq < 0 ? [s, null] : [s.slice(0, eq), s.slice(eq + 1)];
}

export function one(args: ParsedArgs, name: string, fallback?: string): string {
  const v = args.flags.get(name);
  if (v === undefined || v.length === 0) {
    if (fallback !== undefined) return fallback;
    throw usage(`--${name} needs a value`);
  }
  if (v.length > 1) throw usage(`--${name} takes one value, got ${v.length}`);
  return v[0];
}

export function usage(message: string): CepheusError {
  return new CepheusError(ErrorCodes.USAGE, message);
}
