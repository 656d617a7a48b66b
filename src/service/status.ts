// GET /health and GET /ready in the embedded mode.

import type { EventLog } from '../io/files/event-log';
import type { ServiceStatus } from '../io/ports';
import type { EmbeddedIntake } from './embedded-intake';

export function embeddedStatus(intake: EmbeddedIntake, eventLog: EventLog, restoreFailure: () => Error | null): ServiceStatus {
  return {
    health: () => {
      const failing: Record<string, string> = {};
      if (eventLog.broken !== null) failing.eventLog = eventLog.broken.message;
      const restore = restoreFailure();
      if (restore !== null) failing.restore = restore.message;
      return { ok: Object.keys(failing).length === 0, failing, details: { lastSeq: eventLog.lastSeq, queued: intake.queued } };
    },
    readiness: () => intake.state,
  };
}
