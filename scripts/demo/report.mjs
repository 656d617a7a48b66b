// Scoring a run: which planted frauds the alerts found, and which alerts fired on normal traffic.

const ID_FIELDS = ['tx_id', 'login_id', 'event_id'];
const NEAR_MS = 30 * 60_000;

/** the ids of the events an alert matched (pattern alerts; window alerts carry none) */
export function alertEventIds(alert) {
  const ids = new Set();
  for (const list of Object.values(alert.events ?? {})) {
    for (const e of list) {
      for (const f of ID_FIELDS) if (e?.[f] !== undefined) ids.add(e[f]);
    }
  }
  return ids;
}

function keyText(key) {
  return Array.isArray(key) ? key.join('|') : String(key);
}

/** Does the alert report this plant: same rule, and its events or (windows) its key and time? */
export function reportsPlant(alert, plant) {
  if (alert.rule !== plant.rule) return false;
  if (plant.events.some((id) => alertEventIds(alert).has(id))) return true;
  return alert.kind === 'window' && keyText(alert.key) === plant.key && alert.start <= plant.to && alert.end > plant.from;
}

/** Is the alert about this plant at all (any rule: shares events, or a key of it, near its time)? */
function touchesPlant(alert, plant) {
  if (plant.events.some((id) => alertEventIds(alert).has(id))) return true;
  return plant.keys.includes(keyText(alert.key)) && alert.start <= plant.to + NEAR_MS && alert.end >= plant.from - NEAR_MS;
}

/**
 * plants: each planted fraud with the alerts of its rule that report it (`foundBy`) and the
 * other rules that also flagged it (`alsoBy`); rules: per rule, its alerts split into those on
 * its own planted frauds, on another kind of planted fraud, and on normal traffic.
 */
export function score(planted, alerts, ruleNames = []) {
  const rules = new Map();
  const row = (name) => {
    if (!rules.has(name)) rules.set(name, { rule: name, severity: '', alerts: 0, planted: 0, found: 0, onPlanted: 0, onOtherFraud: 0, onNormal: 0, example: null, exampleOwn: false });
    return rules.get(name);
  };
  for (const name of ruleNames) row(name);
  for (const p of planted) row(p.rule).planted++;
  const plants = planted.map((p) => ({ ...p, foundBy: [], alsoBy: new Set() }));
  const normal = [];
  for (const a of alerts) {
    const r = row(a.rule);
    r.alerts++;
    r.severity = a.severity;
    const own = plants.filter((p) => reportsPlant(a, p));
    for (const p of own) p.foundBy.push(a.id);
    if (own.length > 0) {
      r.onPlanted++;
      if (r.example === null || !r.exampleOwn) {
        r.example = a;
        r.exampleOwn = true;
      }
      continue;
    }
    const other = plants.filter((p) => p.rule !== a.rule && touchesPlant(a, p));
    for (const p of other) p.alsoBy.add(a.rule);
    if (other.length > 0) r.onOtherFraud++;
    else {
      r.onNormal++;
      normal.push(a);
    }
    r.example ??= a;
  }
  for (const p of plants) {
    if (p.foundBy.length > 0) row(p.rule).found++;
    p.alsoBy = [...p.alsoBy].sort();
  }
  return { plants, rules: [...rules.values()], normal, missed: plants.filter((p) => p.foundBy.length === 0) };
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const clock = (ms) => new Date(ms).toISOString().slice(11, 19);

export function printReport(result, write = (s) => process.stdout.write(s)) {
  const { plants, rules, missed } = result;
  write('\nAlerts by rule\n');
  write(`  ${pad('rule', 24)}${pad('severity', 10)}${lpad('alerts', 7)}${lpad('planted', 9)}${lpad('found', 7)}${lpad('on other fraud', 16)}${lpad('on normal traffic', 19)}\n`);
  for (const r of rules) {
    write(`  ${pad(r.rule, 24)}${pad(r.severity || '-', 10)}${lpad(r.alerts, 7)}${lpad(r.planted, 9)}${lpad(r.found, 7)}${lpad(r.onOtherFraud, 16)}${lpad(r.onNormal, 19)}\n`);
  }
  write(`\nPlanted frauds: ${plants.length}, found by their rule: ${plants.length - missed.length}, missed: ${missed.length}\n`);
  for (const p of plants) {
    const status = p.foundBy.length > 0 ? 'found' : 'MISSED';
    const also = p.alsoBy.length > 0 ? ` (also ${p.alsoBy.join(', ')})` : '';
    write(`  ${p.id} ${pad(p.rule, 23)} ${pad(p.key, 21)} ${clock(p.from)}Z  ${pad(status + also, 44)} ${p.note}\n`);
  }
  write('\nExample alerts\n');
  for (const r of rules) {
    const a = r.example;
    if (a === null) continue;
    write(`  [${a.severity}] ${a.rule} key=${JSON.stringify(a.key)} ${a.kind} ${clock(a.start)}Z..${clock(a.end)}Z\n`);
    write(`      ${JSON.stringify(a.fields)}\n`);
  }
}
