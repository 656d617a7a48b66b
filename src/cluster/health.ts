// What /health says in the Kafka mode: the parts (redis, kafka, consumer) currently failing and
// why. A part is failing from the first failed attempt of a step until a step on it succeeds.

import type { HealthReport } from '../io/ports';

export class Health {
  private readonly problems = new Map<string, string>();

  failing(part: string, why: string): void {
    this.problems.set(part, why);
  }

  recovered(part: string): void {
    this.problems.delete(part);
  }

  report(extra: { redisOk: boolean; details: Record<string, unknown> }): HealthReport {
    const failing = Object.fromEntries(this.problems);
    if (!extra.redisOk && failing.redis === undefined) failing.redis = 'not connected';
    return { ok: Object.keys(failing).length === 0, failing, details: extra.details };
  }
}
