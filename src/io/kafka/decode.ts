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

/**
 * An event's position, `<partition>/<offset>` of its source topic: the alert ids of its matches
 * derive from it, so it is stable across replays. The topic is left out: a rule reads one source,
 * so one topic, and every position is stored with each event a partial match holds (a topic name
 * in each would be a good part of a snapshot).
 */
export function recordPos(partition: number, offset: string): string {
  return `${partition}/${offset}`;
}
