// Test drivers for window rules: through the Engine (as `cepheus run` feeds it), or straight into
// the rule's runtime in arrival order (as Flink's WindowOperator sees a stream).

import { compileRuleFiles } from '../../../src/compile/compile-rules';
import type { Alert } from '../../../src/engine/alert';
import { Engine } from '../../../src/engine/engine';
import type { DeadLetter, SourceEvent } from '../../../src/engine/output';
import { Watermark } from '../../../src/engine/time/watermark';
import { installWindows, WindowRuntime } from '../../../src/engine/windows';

export interface Driver {
  alerts: Alert[];
  dead: DeadLetter[];
  rt: WindowRuntime;
  send(...events: Record<string, unknown>[]): void;
  watermark(ms: number): void;
  finish(): void;
  /** alerts since the last call */
  take(): Alert[];
}

function build(rules: string): { engine: Engine; alerts: Alert[]; dead: DeadLetter[]; rt: WindowRuntime } {
  installWindows();
  const compiled = compileRuleFiles([{ file: 'rules.cep', text: rules }]);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  const alerts: Alert[] = [];
  const dead: DeadLetter[] = [];
  const engine = new Engine(compiled.ruleSet, { alert: (a) => alerts.push(a), deadLetter: (d) => dead.push(d) }, () => 42);
  const rt = [...engine.runtimes.values()][0] as WindowRuntime;
  return { engine, alerts, dead, rt };
}

function taker(alerts: Alert[]): () => Alert[] {
  let seen = 0;
  return () => {
    const out = alerts.slice(seen);
    seen = alerts.length;
    return out;
  };
}

export function engineDriver(rules: string): Driver & { engine: Engine } {
  const { engine, alerts, dead, rt } = build(rules);
  let pos = 0;
  return {
    engine,
    alerts,
    dead,
    rt,
    send: (...events) => events.forEach((e) => engine.ingest('events', e, String(++pos))),
    watermark: (ms) => engine.watermark('events', ms),
    finish: () => engine.finish(),
    take: taker(alerts),
  };
}

/** Events go to the runtime as they arrive; the watermark (delay from the source) after each. */
export function arrivalDriver(rules: string): Driver {
  const { engine, alerts, dead, rt } = build(rules);
  const spec = engine.sources.get('events')?.spec;
  const wm = new Watermark(spec?.watermarkMs ?? 0);
  let arrival = 0;
  const send = (e: Record<string, unknown>) => {
    const ev: SourceEvent = { value: e, time: e.ts as number, pos: String(arrival), arrival: arrival++, partition: '' };
    if (ev.time <= wm.value) {
      if (!rt.onLate(ev)) dead.push({ reason: 'late', source: 'events', rule: rt.name, pos: ev.pos, value: e });
    } else rt.onEvent(ev);
    wm.observe(ev.time);
    rt.onWatermark(wm.value);
  };
  return {
    alerts,
    dead,
    rt,
    send: (...events) => events.forEach(send),
    watermark: (ms) => {
      wm.raiseTo(ms);
      rt.onWatermark(wm.value);
    },
    finish: () => {
      wm.raiseTo(Infinity);
      rt.onWatermark(Infinity);
    },
    take: taker(alerts),
  };
}

/** The parts of an alert most tests look at. */
export function brief(a: Alert): { start: number; end: number; revision: number | undefined; fields: Record<string, unknown> } {
  return { start: a.start, end: a.end, revision: a.revision, fields: a.fields };
}
