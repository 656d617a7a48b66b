// What both benches share: their options, and the shared generator's events (cached in bench/,
// git-ignored: the same flags give a byte-identical file).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const generator = path.resolve(here, '../../shared/bench/generate.mjs');

/**
 * `--events N --keys K --seed S --only a,b` and the bench's own `extra` numeric options
 * ({name: default}); `strings` are options kept as text. Unknown options are an error.
 */
export function benchOptions(argv, extra = {}, strings = []) {
  const numeric = { events: 1_000_000, keys: 100_000, seed: 1, ...extra };
  const options = { only: { type: 'string' } };
  for (const name of [...Object.keys(numeric), ...strings]) options[name] = { type: 'string' };
  const { values } = parseArgs({ args: argv, options, strict: true });
  const o = { only: values.only ?? null };
  for (const [name, def] of Object.entries(numeric)) o[name] = values[name] === undefined ? def : Number(values[name]);
  for (const name of strings) if (values[name] !== undefined) o[name] = values[name];
  return o;
}

/** The generator's events for these options, made once. */
export function ensureEvents({ events, keys, seed }) {
  const file = path.join(here, `events-${events}-${keys}-${seed}.jsonl`);
  if (!fs.existsSync(file)) {
    execFileSync(process.execPath, [generator, '--events', String(events), '--keys', String(keys), '--seed', String(seed), '--out', file], { stdio: 'inherit' });
  }
  return file;
}
