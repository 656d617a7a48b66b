// The event log: sequence numbers, group commit, replay past a snapshot, torn tails, truncation.

import fs from 'node:fs';
import path from 'node:path';
import { EventLog, type LogRecord } from '../../../src/io/files/event-log';
import { tempDir } from '../../fixtures/service/harness';

async function replayAll(log: EventLog, after = 0): Promise<LogRecord[]> {
  const out: LogRecord[] = [];
  await log.replay(after, (r) => out.push(r));
  return out;
}

describe('EventLog', () => {
  it('numbers events from 1, hands durable groups to onDurable in order, then resolves', async () => {
    const dir = tempDir('log');
    const log = await EventLog.open(dir);
    await replayAll(log);
    const seen: number[] = [];
    const order: string[] = [];
    log.onDurable = (records) => {
      for (const r of records) seen.push(r.seq);
      order.push(`durable:${records.length}`);
    };
    const acks = [log.append('s', [{ a: 1 }, { a: 2 }]), log.append('s', [{ a: 3 }]), log.append('t', [{ a: 4 }])];
    void acks[0].then(() => order.push('ack'));
    expect(await Promise.all(acks)).toEqual([1, 3, 4]);
    // the three appends of one turn of the event loop share one write + fdatasync
    expect(order).toEqual(['durable:3', 'ack']);
    expect(seen).toEqual([1, 3, 4]);
    expect(log.lastSeq).toBe(4);
    await log.close();
  });

  it('group-commits appends that arrive while a sync is under way', async () => {
    const log = await EventLog.open(tempDir('log'), {});
    await replayAll(log);
    const groups: number[] = [];
    log.onDurable = (records) => groups.push(records.length);
    const all: Promise<number>[] = [];
    for (let i = 0; i < 200; i++) {
      all.push(log.append('s', [{ i }]));
      if (i % 20 === 0) await new Promise((r) => setImmediate(r));
    }
    await Promise.all(all);
    expect(groups.reduce((a, b) => a + b, 0)).toBe(200);
    expect(groups.length).toBeLessThan(200);
    await log.close();
  });

  it('replays what it holds after a sequence number, and continues the numbering', async () => {
    const dir = tempDir('log');
    let log = await EventLog.open(dir);
    await replayAll(log);
    await log.append('s', [{ a: 1 }, { a: 2 }, { a: 3 }]);
    await log.append('s', [{ a: 4 }]);
    await log.close();

    log = await EventLog.open(dir);
    const after2 = await replayAll(log, 2);
    // a snapshot between two events of one record replays the rest of it
    expect(after2).toEqual([{ seq: 3, source: 's', values: [{ a: 3 }] }, { seq: 4, source: 's', values: [{ a: 4 }] }]);
    expect(await log.append('s', [{ a: 5 }])).toBe(5);
    await log.close();
    log = await EventLog.open(dir);
    expect((await replayAll(log)).map((r) => r.seq)).toEqual([1, 4, 5]);
    await log.close();
  });

  it('numbers after a snapshot beyond everything the log still holds', async () => {
    const log = await EventLog.open(tempDir('log'));
    await replayAll(log, 41);
    expect(await log.append('s', [{}])).toBe(42);
    await log.close();
  });

  it('skips a torn last line and appends into a new segment', async () => {
    const dir = tempDir('log');
    let log = await EventLog.open(dir);
    await replayAll(log);
    await log.append('s', [{ a: 1 }]);
    await log.close();
    const [seg] = fs.readdirSync(dir);
    fs.appendFileSync(path.join(dir, seg), '{"q":2,"s":"s","e":[{"a"');
    const torn: number[] = [];
    log = await EventLog.open(dir, { onTorn: (_f, line) => torn.push(line) });
    expect((await replayAll(log)).map((r) => r.seq)).toEqual([1]);
    expect(torn).toEqual([2]);
    expect(await log.append('s', [{ a: 2 }])).toBe(2);
    await log.close();
    expect(fs.readdirSync(dir).length).toBe(2);
    log = await EventLog.open(dir);
    expect((await replayAll(log)).map((r) => r.values)).toEqual([[{ a: 1 }], [{ a: 2 }]]);
    await log.close();
  });

  it('refuses to start on a corrupt line that is not the last', async () => {
    const dir = tempDir('log');
    fs.writeFileSync(path.join(dir, '00000000000000000001.log'), '{"q":1,"s":"s","e":[{}]}\ngarbage\n{"q":3,"s":"s","e":[{}]}\n');
    const log = await EventLog.open(dir);
    await expect(replayAll(log)).rejects.toThrow(/00000000000000000001.log:2 is corrupt/);
  });

  it('deletes whole segments behind a snapshot; the open one only when the snapshot holds all', async () => {
    const dir = tempDir('log');
    const log = await EventLog.open(dir);
    await replayAll(log);
    await log.append('s', [{ a: 1 }, { a: 2 }]);
    await log.append('s', [{ a: 3 }]);
    // seq 3 is not in the snapshot: its segment, the open one, stays
    expect(await log.truncateThrough(2)).toBe(0);
    await log.append('s', [{ a: 4 }]);
    expect(fs.readdirSync(dir).sort()).toEqual(['00000000000000000001.log', '00000000000000000004.log']);
    expect(await log.truncateThrough(3)).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['00000000000000000004.log']);
    // everything is in the snapshot and nothing is being written: the log can go entirely
    expect(await log.truncateThrough(4)).toBe(1);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(await log.append('s', [{ a: 5 }])).toBe(5);
    expect(fs.readdirSync(dir)).toEqual(['00000000000000000005.log']);
    await log.close();
    const again = await EventLog.open(dir);
    expect((await replayAll(again, 4)).map((r) => r.seq)).toEqual([5]);
    await again.close();
  });

  it('rolls to a new segment past the size limit', async () => {
    const dir = tempDir('log');
    const log = await EventLog.open(dir, { segmentBytes: 100 });
    await replayAll(log);
    for (let i = 0; i < 5; i++) await log.append('s', [{ pad: 'x'.repeat(80), i }]);
    expect(fs.readdirSync(dir).length).toBe(5);
    await log.close();
  });
});
