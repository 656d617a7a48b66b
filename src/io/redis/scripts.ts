// The Lua scripts of src/io/redis/scripts/, registered on an ioredis connection. Each file is
// `<name>-<keycount>.lua` with a KEYS/ARGV header (as bullmq's src/commands/); every update
// that touches more than one key is one of them, so it is atomic.
//
// The .lua files are read at run time from next to this module when a build copied them there,
// else from src/ (tsc does not copy them; a fresh clone with `npm ci` has src/ and dist/).

import fs from 'node:fs';
import path from 'node:path';
import type { ChainableCommander, Redis } from 'ioredis';
import { CepheusError, ErrorCodes } from '../../errors';

export type ScriptName = 'claim-task' | 'save-task' | 'put-alerts' | 'trim-alerts';

interface ScriptDef {
  name: ScriptName;
  keys: number;
  lua: string;
}

const FILE = /^([a-z-]+)-(\d+)\.lua$/;

function candidateDirs(): string[] {
  return [path.join(__dirname, 'scripts'), path.resolve(__dirname, '../../../../src/io/redis/scripts')];
}

export function scriptsDir(): string {
  const dir = candidateDirs().find((d) => fs.existsSync(d));
  if (dir === undefined) {
    throw new CepheusError(ErrorCodes.SCRIPT_MISSING, `Redis scripts not found (looked in ${candidateDirs().join(', ')})`);
  }
  return dir;
}

let cache: Map<ScriptName, ScriptDef> | null = null;

function scripts(): Map<ScriptName, ScriptDef> {
  if (cache !== null) return cache;
  const dir = scriptsDir();
  cache = new Map();
  for (const file of fs.readdirSync(dir)) {
    const m = FILE.exec(file);
    if (m === null) continue;
    const def = { name: m[1] as ScriptName, keys: Number(m[2]), lua: fs.readFileSync(path.join(dir, file), 'utf8') };
    cache.set(def.name, def);
  }
  return cache;
}

/** `claim-task` → `cepClaimTask`: the command name defineCommand gives the connection. */
function commandName(name: ScriptName): string {
  return `cep${name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())}`;
}

/** Registers every script on a connection (ioredis sends EVALSHA, and EVAL once on NOSCRIPT). */
export function defineScripts(redis: Redis): void {
  for (const def of scripts().values()) {
    redis.defineCommand(commandName(def.name), { numberOfKeys: def.keys, lua: def.lua });
  }
}

type Callable = Record<string, (...args: (string | number)[]) => Promise<unknown>>;

/** Runs a script on a connection or queues it on a pipeline. */
export function runScript(
  target: Redis | ChainableCommander,
  name: ScriptName,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  const def = scripts().get(name);
  if (def === undefined) throw new CepheusError(ErrorCodes.SCRIPT_MISSING, `no Redis script ${name}`);
  if (keys.length !== def.keys) throw new Error(`script ${name} takes ${def.keys} keys, got ${keys.length}`);
  const fn = (target as unknown as Callable)[commandName(name)];
  return fn.call(target, ...keys, ...args);
}
