// Alerts in Redis for the REST API and SSE, shared by every instance of a consumer group: bodies
// by id, one lexicographic index (by time, by rule, by key; newest first by reading it
// backwards), pub/sub for live listeners, and retention by age.

import type { Redis } from 'ioredis';
import type { Alert } from '../../engine/alert';
import type { AlertFilter, AlertPage, AlertQuery, AlertStore, Unsubscribe } from '../ports';
import {
  type AlertDimension,
  type RedisKeys,
  alertIndexMember,
  alertIndexPrefix,
  alertKeyText,
  idOfIndexMember,
  timeText,
} from './keys';
import { runScript } from './scripts';
import { AlertFeed } from './alert-feed';
import { matches } from './alert-filter';

/** Alerts per put-alerts call: keeps each script run short. */
const PUT_CHUNK = 500;
const TRIM_CHUNK = 1000;

export interface RedisAlertStoreOptions {
  /** at most this many alerts are kept; the oldest go first */
  maxAlerts: number;
  /** alerts detected longer ago than this are deleted (null: no age limit) */
  maxAgeMs?: number | null;
}

export class RedisAlertStore implements AlertStore {
  private pending: Alert[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private readonly feed: AlertFeed;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly opts: RedisAlertStoreOptions,
  ) {
    this.feed = new AlertFeed(redis, keys, (after, filter, each) => this.replayAfter(after, filter, each));
  }

  put(alert: Alert): void {
    this.pending.push(alert);
  }

  /** Writes every alert put so far; retried by the caller on failure (nothing is dropped). */
  flush(): Promise<void> {
    const run = this.flushing.then(() => this.writePending());
    this.flushing = run.catch(() => undefined);
    return run;
  }

  private async writePending(): Promise<void> {
    while (this.pending.length > 0) {
      const chunk = this.pending.slice(0, PUT_CHUNK);
      await runScript(this.redis, 'put-alerts', this.alertKeys(), putArgs(this.keys.alertChannel(), chunk));
      this.pending.splice(0, chunk.length);
    }
  }

  async get(id: string): Promise<Alert | null> {
    const body = await this.redis.hget(this.keys.alertBodies(), id);
    return body === null ? null : (JSON.parse(body) as Alert);
  }

  async query(q: AlertQuery): Promise<AlertPage> {
    const dim = dimensionFor(q);
    const prefix = alertIndexPrefix(dim);
    const min = q.from !== undefined ? `[${prefix}${timeText(q.from)}` : `[${prefix}`;
    let max = q.to !== undefined ? `(${prefix}${timeText(q.to + 1)}` : `(${prefix}\u00ff`;
    if (q.cursor !== undefined) max = `(${decodeCursor(q.cursor)}`;
    const out: Alert[] = [];
    let lastMember: string | null = null;
    const step = Math.min(1000, Math.max(50, q.limit * 2));
    for (;;) {
      const members = await this.redis.zrevrangebylex(this.keys.alertIndex(), max, min, 'LIMIT', 0, step);
      if (members.length === 0) return { alerts: out, next: null };
      const bodies = await this.redis.hmget(this.keys.alertBodies(), ...members.map(idOfIndexMember));
      for (let i = 0; i < members.length; i++) {
        const body = bodies[i];
        if (body === null) continue;
        const a = JSON.parse(body) as Alert;
        if (!matches(a, q)) continue;
        // one more match than asked for: there is a next page, and it starts after the last kept
        if (out.length === q.limit) return { alerts: out, next: encodeCursor(lastMember as string) };
        out.push(a);
        lastMember = members[i];
      }
      if (members.length < step) return { alerts: out, next: null };
      max = `(${members[members.length - 1]}`;
    }
  }

  subscribe(filter: AlertFilter, listener: (a: Alert) => void, afterId?: string): Unsubscribe {
    return this.feed.subscribe(filter, listener, afterId);
  }

  /** Retention: deletes the oldest alerts past the count, and those older than the age limit. */
  async trim(now: number): Promise<number> {
    const lowest = alertIndexPrefix({ by: 'time' });
    let total = 0;
    const age = this.opts.maxAgeMs ?? null;
    if (age !== null) total += await this.trimBefore(lowest, `${lowest}${timeText(now - age)}`, Infinity);
    const excess = (await this.redis.hlen(this.keys.alertBodies())) - this.opts.maxAlerts;
    if (excess > 0) total += await this.trimBefore(lowest, `${lowest}\u00ff`, excess);
    return total;
  }

  /** Deletes up to `max` of the oldest alerts with time members in [lowest, cutoff). */
  private async trimBefore(lowest: string, cutoff: string, max: number): Promise<number> {
    let total = 0;
    while (total < max) {
      const chunk = Math.min(TRIM_CHUNK, max - total);
      const n = Number(await runScript(this.redis, 'trim-alerts', this.alertKeys(), [lowest, cutoff, chunk]));
      total += n;
      if (n < chunk) break;
    }
    return total;
  }

  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    await this.feed.close();
  }

  /** Stored alerts after `afterId` in time order, for SSE resumption. */
  private async replayAfter(afterId: string, filter: AlertFilter, each: (a: Alert) => void): Promise<Set<string>> {
    const sent = new Set<string>();
    const refs = await this.redis.hget(this.keys.alertRefs(), afterId);
    if (refs === null) return sent;
    let min = `(${(JSON.parse(refs) as string[])[0]}`;
    const max = `(${alertIndexPrefix({ by: 'time' })}\u00ff`;
    for (;;) {
      const members = await this.redis.zrangebylex(this.keys.alertIndex(), min, max, 'LIMIT', 0, 500);
      if (members.length === 0) return sent;
      const bodies = await this.redis.hmget(this.keys.alertBodies(), ...members.map(idOfIndexMember));
      for (const body of bodies) {
        if (body === null) continue;
        const a = JSON.parse(body) as Alert;
        sent.add(a.id);
        if (matches(a, filter)) each(a);
      }
      min = `(${members[members.length - 1]}`;
    }
  }

  private alertKeys(): string[] {
    return [this.keys.alertBodies(), this.keys.alertIndex(), this.keys.alertRefs()];
  }
}

function putArgs(channel: string, alerts: readonly Alert[]): string[] {
  const args = [channel, String(alerts.length)];
  for (const a of alerts) {
    const t = a.detectedAt;
    args.push(
      a.id,
      String(a.revision ?? 0),
      JSON.stringify(a),
      alertIndexMember({ by: 'time' }, t, a.id),
      alertIndexMember({ by: 'rule', rule: a.rule }, t, a.id),
      alertIndexMember({ by: 'key', key: alertKeyText(a.key) }, t, a.id),
    );
  }
  return args;
}

/** The most selective index for the query: key, else rule, else time. */
function dimensionFor(q: AlertFilter): AlertDimension {
  if (q.key !== undefined) return { by: 'key', key: q.key };
  if (q.rule !== undefined) return { by: 'rule', rule: q.rule };
  return { by: 'time' };
}

function encodeCursor(member: string): string {
  return Buffer.from(member, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  return Buffer.from(cursor, 'base64url').toString('utf8');
}
