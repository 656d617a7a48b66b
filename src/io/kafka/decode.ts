// Kafka record values → events: a JSON object, or the reason it is not one (it then goes to the
// dead-letter topic as it came).

export type Decoded = { ok: true; value: object } | { ok: false; why: string };

export function decodeValue(value: Buffer | null): Decoded {
  if (value === null) return { ok: false, why: 'empty record (tombstone)' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (e) {
    return { ok: false, why: `not valid JSON (${(e as Error).message})` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, why: 'not a JSON object' };
  return { ok: true, value: parsed };
}

/** An event's position: the alert ids of its matches derive from it, so it must be stable. */
export function recordPos(topic: string, partition: number, offset: string): string {
  return `${topic}/${partition}/${offset}`;
}
