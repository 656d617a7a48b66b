// Every Redis key name Cepheus uses is built here, and nowhere else (as bullmq's queue-keys.ts).
//
// Layout under one namespace per consumer group (`<prefix><group>:`), so several deployments can
// share a Redis:
//
//   {t:<topic>:<partition>}:meta    HASH  one input partition's snapshot: owner generation, next
//                                         offset, source state (watermark part, queued events),
//                                         rule versions present, exactly-once outbox
//   {t:<topic>:<partition>}:state   HASH  field `<rule>:<version>:<key>` → that key's state (JSON)
//   {alerts}:body                   HASH  alert id → alert JSON
//   {alerts}:index                  ZSET  all scores 0; lexicographic members index alerts by
//                                         time, by rule and by key (see alertIndexMember)
//   {alerts}:refs                   HASH  alert id → its index members (for retention)
//   alerts (channel)                      pub/sub: every stored or revised alert, for SSE
//
// The braces are Redis Cluster hash tags: everything one script touches lives in one slot.

const SEP = '\u0000';

export class RedisKeys {
  readonly ns: string;

  constructor(prefix: string, group: string) {
    this.ns = `${prefix}${group}:`;
  }

  taskMeta(topic: string, partition: number): string {
    return `${this.ns}{t:${topic}:${partition}}:meta`;
  }

  taskState(topic: string, partition: number): string {
    return `${this.ns}{t:${topic}:${partition}}:state`;
  }

  alertBodies(): string {
    return `${this.ns}{alerts}:body`;
  }

  alertRefs(): string {
    return `${this.ns}{alerts}:refs`;
  }

  alertIndex(): string {
    return `${this.ns}{alerts}:index`;
  }

  alertChannel(): string {
    return `${this.ns}alerts`;
  }

  /** Everything of this namespace, for tests and `cleanup`. */
  pattern(): string {
    return `${this.ns}*`;
  }
}

// ---- fields inside the task state hash ------------------------------------------------------

/** `<rule>:<version>:<key>`: rule names and versions hold no ':', so the key text may. */
export function stateField(rule: string, version: string, keyText: string): string {
  return `${rule}:${version}:${keyText}`;
}

export function ruleVersionPrefix(rule: string, version: string): string {
  return `${rule}:${version}:`;
}

export function parseStateField(field: string): { rule: string; version: string; key: string } | null {
  const a = field.indexOf(':');
  const b = a < 0 ? -1 : field.indexOf(':', a + 1);
  if (b < 0) return null;
  return { rule: field.slice(0, a), version: field.slice(a + 1, b), key: field.slice(b + 1) };
}

// ---- members of the alert index -------------------------------------------------------------

/** Fixed-width time, so lexicographic order is time order (ms until the year 33658). */
export function timeText(ms: number): string {
  return Math.max(0, Math.trunc(ms)).toString().padStart(15, '0');
}

export type AlertDimension = { by: 'time' } | { by: 'rule'; rule: string } | { by: 'key'; key: string };

/** The prefix of one dimension's members: `t\0`, `r\0<rule>\0`, `k\0<key>\0`. */
export function alertIndexPrefix(d: AlertDimension): string {
  if (d.by === 'time') return `t${SEP}`;
  if (d.by === 'rule') return `r${SEP}${d.rule}${SEP}`;
  return `k${SEP}${d.key}${SEP}`;
}

/** One member: dimension prefix, detectedAt, id. */
export function alertIndexMember(d: AlertDimension, detectedAt: number, id: string): string {
  return `${alertIndexPrefix(d)}${timeText(detectedAt)}${SEP}${id}`;
}

export function idOfIndexMember(member: string): string {
  return member.slice(member.lastIndexOf(SEP) + 1);
}

/** The alert's key as the REST filter names it: a string as is, anything else as JSON. */
export function alertKeyText(key: unknown): string {
  return typeof key === 'string' ? key : JSON.stringify(key ?? null);
}
