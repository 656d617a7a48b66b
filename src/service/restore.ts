// Start-up after a stop or a crash: load the last snapshot into an engine built from the current
// rules (the engine keeps only the state of rules whose version or state signature still match),
// then replay the event log past the snapshot's sequence number. Alerts the replay emits again
// carry the same ids, and the alert store drops the duplicates.

import type { EventLog, LogRecord } from '../io/files/event-log';
import type { EventBatch, StateStore } from '../io/ports';
import type { Logger } from '../log';
import type { Operator } from './operator';

export interface RestoreResult {
  snapshotSeq: number;
  replayedEvents: number;
  ms: number;
}

export async function restore(operator: Operator, store: StateStore, log: EventLog, logger: Logger): Promise<RestoreResult> {
  const started = Date.now();
  const snapshot = await store.load();
  const after = snapshot?.positions.log ?? 0;
  if (snapshot !== null) operator.importState(snapshot.state);
  const stats = await log.replay(after, (r) => operator.process(batchOf(r)));
  const result = { snapshotSeq: after, replayedEvents: stats.events, ms: Date.now() - started };
  logger.info({ ...result, snapshotTakenAt: snapshot?.takenAt ?? null, lastSeq: log.lastSeq }, 'state restored');
  return result;
}

/** A log record as the operator takes it: each event's position is its sequence number. */
export function batchOf(r: LogRecord): EventBatch {
  const positions = new Array<string>(r.values.length);
  for (let i = 0; i < positions.length; i++) positions[i] = String(r.seq + i);
  return { source: r.source, partition: '', values: r.values, positions };
}
