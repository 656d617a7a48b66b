// The one retry policy of the Kafka mode: a step that must happen (send the alerts, write the
// snapshot) is tried until it succeeds, with a capped back-off, while the consumer group
// membership is kept alive, the outage shows in /health, and it is logged once when it starts and
// once when it ends. Errors that retrying cannot fix (fencing: another instance owns the
// partition now; CepheusError with retriable false) are thrown at once.

import type { Logger } from 'pino';
import { CepheusError } from '../errors';
import type { Health } from './health';

export interface RetryContext {
  log: Logger;
  health: Health;
  /** keeps the group membership alive during a long wait */
  heartbeat: () => Promise<void>;
  /** stop retrying (the service is stopping) */
  cancelled: () => boolean;
}

const MAX_BACKOFF_MS = 2000;
/** while a step keeps failing, say so this often */
const REPORT_EVERY_MS = 30_000;

export async function untilDone<T>(ctx: RetryContext, part: 'redis' | 'kafka', what: string, step: () => Promise<T>): Promise<T> {
  let attempt = 0;
  let reported = 0;
  for (;;) {
    try {
      const result = await step();
      if (attempt > 0) {
        ctx.log.info({ part, what, attempts: attempt + 1 }, `${what}: succeeded again`);
        ctx.health.recovered(part);
      }
      return result;
    } catch (e) {
      if (e instanceof CepheusError && !e.retriable) throw e;
      if (ctx.cancelled()) throw e;
      if (attempt === 0) {
        ctx.log.warn({ part, what, err: (e as Error).message }, `${what} failed; retrying until it succeeds`);
        reported = Date.now();
      } else if (Date.now() - reported > REPORT_EVERY_MS) {
        ctx.log.error({ part, what, err: (e as Error).message, attempts: attempt + 1 }, `${what} still failing`);
        reported = Date.now();
      }
      ctx.health.failing(part, `${what}: ${(e as Error).message}`);
      attempt++;
      await sleep(backoff(attempt, 100, MAX_BACKOFF_MS));
      await ctx.heartbeat();
    }
  }
}

/** The wait before try `attempt` (counted from 0): `firstMs`, doubling, never above `maxMs`. */
export function backoff(attempt: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** Math.min(attempt, 30));
}

/** `holdProcess: false`: a wait a stopping service does not sit out (the timer is unref'd). */
export function sleep(ms: number, opts: { holdProcess: boolean } = { holdProcess: true }): Promise<void> {
  return new Promise((r) => {
    const t = setTimeout(r, ms);
    if (!opts.holdProcess) t.unref();
  });
}
