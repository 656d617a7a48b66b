// LANGUAGE.md 5.7: the order of matches completed at the same moment. First by first event; then
// by their events compared one by one in time order (a proper prefix after the longer match);
// then by the step of each event. With a skip strategy this order decides which match survives.

import { type BufferedEvent, compareEvents } from './buffered-event';
import type { StepLists } from './shared-buffer';

interface Taken {
  event: BufferedEvent;
  step: number;
}

function flatten(m: StepLists): Taken[] {
  const out: Taken[] = [];
  m.forEach((list, step) => {
    for (const event of list) out.push({ event, step });
  });
  out.sort((a, b) => compareEvents(a.event, b.event) || a.step - b.step);
  return out;
}

export function compareMatches(a: StepLists, b: StepLists): number {
  const x = flatten(a);
  const y = flatten(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const c = compareEvents(x[i].event, y[i].event);
    if (c !== 0) return c;
  }
  if (x.length !== y.length) return x.length > y.length ? -1 : 1;
  for (let i = 0; i < n; i++) {
    if (x[i].step !== y[i].step) return x[i].step - y[i].step;
  }
  return 0;
}
