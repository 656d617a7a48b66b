// An alert as a record of the alert topic: key `rule:key` (so a rule's alerts for one key stay in
// order on one partition), value the alert JSON of LANGUAGE.md 10, headers `rule`, `severity`
// and `id` (a consumer deduplicates at-least-once delivery by it).

import type { Message } from 'kafkajs';
import type { Alert } from '../../engine/alert';

export function alertMessage(a: Alert): Message {
  return {
    key: `${a.rule}:${typeof a.key === 'string' ? a.key : JSON.stringify(a.key)}`,
    value: JSON.stringify(a),
    headers: { rule: a.rule, severity: a.severity, id: a.id },
  };
}
