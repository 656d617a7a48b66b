// The embedded alert store: upserts by id (crash replays and window revisions), filters, cursor
// pages, retention, persistence across restarts, and subscriptions resuming after an id.

import fs from 'node:fs';
import type { Alert } from '../../../src/engine/alert';
import { FileAlertStore } from '../../../src/io/alerts/file-alert-store';
import { tempDir } from '../../fixtures/service/harness';

let clock = 1_000;

function alert(id: string, over: Partial<Alert> = {}): Alert {
  return {
    id, rule: 'r1', version: 'v', kind: 'match', key: 'k1', severity: 'medium', start: 0, end: 1,
    detectedAt: clock++, events: {}, fields: {}, ...over,
  };
}

async function open(dir: string, retention = 1000): Promise<FileAlertStore> {
  return FileAlertStore.open(dir, { retention, onError: (e) => { throw e; } });
}

describe('FileAlertStore', () => {
  it('drops duplicates by id, replaces on a higher revision', async () => {
    const store = await open(tempDir('alerts'));
    const got: string[] = [];
    store.subscribe({}, (a) => got.push(`${a.id}@${a.revision ?? 0}`));
    store.put(alert('a'));
    store.put(alert('a', { fields: { again: true } }));
    store.put(alert('w', { kind: 'window', revision: 0 }));
    store.put(alert('w', { kind: 'window', revision: 1, fields: { n: 2 } }));
    store.put(alert('w', { kind: 'window', revision: 0 }));
    expect(store.size).toBe(2);
    expect(got).toEqual(['a@0', 'w@0', 'w@1']);
    expect((await store.get('a'))?.fields).toEqual({});
    expect((await store.get('w'))?.fields).toEqual({ n: 2 });
    expect((await store.query({ limit: 10 })).alerts.map((a) => a.id)).toEqual(['w', 'a']);
    await store.close();
  });

  it('filters and pages newest first with stable cursors', async () => {
    const store = await open(tempDir('alerts'));
    for (let i = 0; i < 25; i++) {
      store.put(alert(`id${i}`, { rule: i % 2 === 0 ? 'even' : 'odd', key: i % 5 === 0 ? { n: 5 } : `k${i}`, severity: i < 10 ? 'high' : 'low' }));
    }
    const evens: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.query({ rule: 'even', limit: 4, cursor });
      evens.push(...page.alerts.map((a) => a.id));
      // arrivals between pages do not shift what the next page shows
      store.put(alert(`late${evens.length}`, { rule: 'even' }));
      cursor = page.next ?? undefined;
    } while (cursor !== undefined);
    expect(evens).toEqual([24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0].map((i) => `id${i}`));
    expect((await store.query({ key: '{"n":5}', limit: 100 })).alerts.map((a) => a.id)).toEqual(['id20', 'id15', 'id10', 'id5', 'id0']);
    expect((await store.query({ key: 'k7', severity: 'high', limit: 100 })).alerts.map((a) => a.id)).toEqual(['id7']);
    const mid = (await store.get('id10'))!.detectedAt;
    expect((await store.query({ from: mid, to: mid + 2, rule: 'even', limit: 100 })).alerts.map((a) => a.id)).toEqual(['id12', 'id10']);
    await expect(store.query({ limit: 1, cursor: 'garbage' })).rejects.toThrow(/cursor/);
    await store.close();
  });

  it('keeps at most `retention` alerts, oldest out first', async () => {
    const store = await open(tempDir('alerts'), 3);
    for (let i = 0; i < 5; i++) store.put(alert(`x${i}`));
    expect((await store.query({ limit: 10 })).alerts.map((a) => a.id)).toEqual(['x4', 'x3', 'x2']);
    expect(await store.get('x0')).toBeNull();
    await store.close();
  });

  it('survives a restart, and a crash in the middle of a line', async () => {
    const dir = tempDir('alerts');
    let store = await open(dir);
    store.put(alert('p'));
    store.put(alert('w', { revision: 0 }));
    store.put(alert('w', { revision: 2 }));
    await store.flush();
    fs.appendFileSync(store.file, '{"n":9,"a":{"id":"tor');
    await store.close();
    store = await open(dir);
    expect((await store.query({ limit: 10 })).alerts.map((a) => `${a.id}@${a.revision ?? 0}`)).toEqual(['w@2', 'p@0']);
    // the torn line is gone, so new lines start clean
    store.put(alert('q'));
    await store.close();
    store = await open(dir);
    expect(store.size).toBe(3);
    // the same alert coming back from a replay is not stored twice
    store.put(alert('q'));
    expect(store.size).toBe(3);
    await store.close();
  });

  it('rewrites its file once most lines are dead', async () => {
    const dir = tempDir('alerts');
    const store = await open(dir, 10);
    for (let i = 0; i < 2000; i++) store.put(alert(`c${i}`));
    await store.flush();
    await store.flush();
    const lines = fs.readFileSync(store.file, 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThan(1100);
    await store.close();
    const again = await open(dir, 10);
    expect((await again.query({ limit: 100 })).alerts.map((a) => a.id)).toEqual(Array.from({ length: 10 }, (_, i) => `c${1999 - i}`));
    await again.close();
  });

  it('subscribe: after an id, first the stored alerts past it, then live ones, filtered', async () => {
    const store = await open(tempDir('alerts'));
    store.put(alert('s1'));
    store.put(alert('s2', { rule: 'other' }));
    store.put(alert('s3'));
    const got: string[] = [];
    const off = store.subscribe({ rule: 'r1' }, (a) => got.push(a.id), 's1');
    store.put(alert('s4'));
    store.put(alert('s5', { rule: 'other' }));
    off();
    store.put(alert('s6'));
    expect(got).toEqual(['s3', 's4']);
    const fresh: string[] = [];
    store.subscribe({}, (a) => fresh.push(a.id), 'unknown-id');
    store.put(alert('s7'));
    expect(fresh).toEqual(['s7']);
    await store.close();
  });
});
