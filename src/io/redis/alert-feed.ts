// Live alerts for SSE from Redis pub/sub, so a listener on any instance sees the alerts every
// instance stores. One subscriber connection per store, opened on the first listener.
// Resuming after an id: listen first (buffering), replay the stored alerts after that id, then
// release the buffer without the ones the replay already sent: no gap, no repeat.

import type { Redis } from 'ioredis';
import type { Alert } from '../../engine/alert';
import type { AlertFilter, Unsubscribe } from '../ports';
import type { RedisKeys } from './keys';
import { matches } from './alert-filter';

type Replay = (afterId: string, filter: AlertFilter, each: (a: Alert) => void) => Promise<Set<string>>;

interface Listener {
  filter: AlertFilter;
  deliver: (a: Alert) => void;
}

export class AlertFeed {
  private sub: Redis | null = null;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly replay: Replay,
  ) {}

  subscribe(filter: AlertFilter, listener: (a: Alert) => void, afterId?: string): Unsubscribe {
    const l: Listener = { filter, deliver: listener };
    this.listeners.add(l);
    this.ensureSubscribed();
    if (afterId !== undefined) this.resume(l, afterId);
    return () => {
      this.listeners.delete(l);
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    const sub = this.sub;
    this.sub = null;
    if (sub !== null) await sub.quit().catch(() => sub.disconnect());
  }

  private ensureSubscribed(): void {
    if (this.sub !== null) return;
    const sub = this.redis.duplicate();
    this.sub = sub;
    sub.on('error', () => undefined); // the main connection reports outages
    sub.on('message', (_channel: string, text: string) => this.dispatch(text));
    void sub.subscribe(this.keys.alertChannel()).catch(() => undefined);
  }

  private dispatch(text: string): void {
    let a: Alert;
    try {
      a = JSON.parse(text) as Alert;
    } catch {
      return;
    }
    for (const l of this.listeners) if (matches(a, l.filter)) l.deliver(a);
  }

  /** Holds the listener's live alerts while the stored ones after `afterId` are replayed. */
  private resume(l: Listener, afterId: string): void {
    const live = l.deliver;
    const held: Alert[] = [];
    l.deliver = (a) => held.push(a);
    this.replay(afterId, l.filter, live)
      .catch(() => new Set<string>())
      .then((sent) => {
        for (const a of held) if (!sent.has(a.id)) live(a);
        l.deliver = live;
      });
  }
}
