// Record shapes and sizes (no broker needed): alert records, dead letters, sends cut to what the
// broker takes, the exactly-once epoch in offset metadata, record positions.
import { epochMetadata, epochOf } from '../../../src/cluster/delivery-eos';
import type { Alert } from '../../../src/engine/alert';
import { alertMessage } from '../../../src/io/kafka/alert-message';
import { deadLetterMessage } from '../../../src/io/kafka/dead-letter';
import { decodeValue, recordPos } from '../../../src/io/kafka/decode';
import { chunkBySize, messageBytes } from '../../../src/io/kafka/message-size';

const alert: Alert = {
  id: 'abc', rule: 'r', version: 'v', kind: 'match', key: ['a', 'b'], severity: 'high',
  start: 1, end: 2, detectedAt: 3, events: {}, fields: {},
};

test('an alert record: key rule:key, the alert JSON, rule/severity/id headers', () => {
  const m = alertMessage(alert);
  expect(m.key).toBe('r:["a","b"]');
  expect(JSON.parse(m.value as string)).toEqual(alert);
  expect(m.headers).toEqual({ rule: 'r', severity: 'high', id: 'abc' });
  expect(alertMessage({ ...alert, key: 'k1' }).key).toBe('r:k1');
  expect(alertMessage({ ...alert, key: null }).key).toBe('r:null');
});

test('a dead letter carries its reason, source, rule and position in headers', () => {
  const m = deadLetterMessage({ reason: 'late', source: 'tx', rule: 'r', pos: '3/42', value: { ts: 1 } });
  expect(m.headers).toEqual({ reason: 'late', source: 'tx', rule: 'r', pos: '3/42' });
  expect(m.value).toBe('{"ts":1}');
  expect(deadLetterMessage({ reason: 'no-time', source: 'tx', rule: null, pos: '0/1', value: {} }).headers).not.toHaveProperty('rule');
});

test('sends are cut below the broker limit; a single oversized record is set apart', () => {
  const big = (n: number) => ({ key: 'k', value: 'x'.repeat(n) });
  const { chunks, tooLarge } = chunkBySize([big(400_000), big(400_000), big(400_000), big(2_000_000), big(10)]);
  expect(chunks.map((c) => c.length)).toEqual([2, 2]);
  expect(tooLarge).toHaveLength(1);
  for (const c of chunks) expect(c.reduce((s, m) => s + messageBytes(m), 0)).toBeLessThanOrEqual(900_000);
});

test('the epoch rides in the committed offset metadata', () => {
  expect(epochOf(epochMetadata(17))).toBe(17);
  expect(epochOf(null)).toBe(-1);
  expect(epochOf('')).toBe(-1);
  expect(epochOf('cepheus:router')).toBe(-1);
});

test('record values decode to JSON objects or a reason; positions are partition/offset', () => {
  expect(decodeValue(Buffer.from('{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
  expect(decodeValue(Buffer.from('[1]'))).toEqual({ ok: false, why: 'not a JSON object' });
  expect(decodeValue(Buffer.from('nope')).ok).toBe(false);
  expect(decodeValue(null)).toEqual({ ok: false, why: 'empty record (tombstone)' });
  expect(recordPos(3, '42')).toBe('3/42');
});
