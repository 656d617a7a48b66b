// Whether an alert passes a REST/SSE filter (API.md GET /alerts).

import type { Alert } from '../../engine/alert';
import type { AlertFilter } from '../ports';
import { alertKeyText } from './keys';

export function matches(a: Alert, f: AlertFilter): boolean {
  if (f.rule !== undefined && a.rule !== f.rule) return false;
  if (f.key !== undefined && alertKeyText(a.key) !== f.key) return false;
  if (f.kind !== undefined && a.kind !== f.kind) return false;
  if (f.severity !== undefined && a.severity !== f.severity) return false;
  if (f.from !== undefined && a.detectedAt < f.from) return false;
  if (f.to !== undefined && a.detectedAt > f.to) return false;
  return true;
}
