// Which topics are read directly and which are repartitioned (no servers needed).
import { buildTopology, parsePartitionedBy, repartitionTopic } from '../../../src/cluster/topology';
import { Engine } from '../../../src/engine/engine';
import { compile } from '../../helpers/engine-run';

const rules = `
source tx { topic "payments" }
source clicks { topic "clicks" }
rule byUser { from tx key user pattern a where a: amount > 1 }
rule byUser2 { from tx key user pattern a where a: amount > 2 }
rule byCard { from tx key card.id pattern a where a: amount > 3 }
rule everyone { from clicks pattern a where a: n > 1 }
rule perSession { from clicks key session pattern a where a: n > 2 }
`;

function topology(partitions: Record<string, number>, partitionedBy = '') {
  const template = new Engine(compile(rules), { alert: () => {}, deadLetter: () => {} }, () => 0);
  return buildTopology(template, { groupId: 'g', partitionedBy: parsePartitionedBy(partitionedBy), partitions: (t) => partitions[t] ?? 1 });
}

test('single-partition topics are read directly', () => {
  const t = topology({ payments: 1, clicks: 1 });
  expect([...t.inputs.keys()].sort()).toEqual(['clicks', 'payments']);
  expect(t.inputs.get('payments')?.feeds).toEqual([{ source: 'tx', rules: ['byUser', 'byUser2', 'byCard'] }]);
  expect(t.internal).toEqual([]);
});

test('several keys, or no key, on a multi-partition topic: every key group is repartitioned', () => {
  const t = topology({ payments: 4, clicks: 2 });
  const user = repartitionTopic('g', 'tx', 'user');
  const card = repartitionTopic('g', 'tx', 'card.id');
  expect(t.inputs.get('payments')?.routes.map((r) => r.topic)).toEqual([user, card]);
  expect(t.inputs.get('payments')?.feeds).toEqual([]);
  expect(t.inputs.get(user)?.feeds).toEqual([{ source: 'tx', rules: ['byUser', 'byUser2'] }]);
  expect(t.inputs.get(card)?.origins).toBe(4);
  expect(t.inputs.get(repartitionTopic('g', 'clicks', ''))?.feeds).toEqual([{ source: 'clicks', rules: ['everyone'] }]);
  expect(t.internal).toContainEqual({ topic: user, partitions: 4 });
  expect(user).toMatch(/^g\.repartition\.tx\.user-[0-9a-f]{8}$/);
  expect(repartitionTopic('g', 'clicks', '')).toMatch(/^g\.repartition\.clicks\.global-/);
});

test('CEPHEUS_PARTITIONED_BY: a topic partitioned by the only key is read directly', () => {
  const only = `source tx { topic "payments" }\nrule r { from tx key user pattern a where a: amount > 1 }`;
  const template = new Engine(compile(only), { alert: () => {}, deadLetter: () => {} }, () => 0);
  const direct = buildTopology(template, { groupId: 'g', partitionedBy: parsePartitionedBy('tx=user'), partitions: () => 3 });
  expect(direct.inputs.get('payments')?.routes).toEqual([]);
  const undeclared = buildTopology(template, { groupId: 'g', partitionedBy: new Map(), partitions: () => 3 });
  expect(undeclared.inputs.get('payments')?.routes).toEqual([]);
  const other = buildTopology(template, { groupId: 'g', partitionedBy: parsePartitionedBy('tx=account'), partitions: () => 3 });
  expect(other.inputs.get('payments')?.routes).toHaveLength(1);
});

test('CEPHEUS_PARTITIONED_BY syntax', () => {
  expect([...parsePartitionedBy('tx=user; clicks=a.b,c')]).toEqual([['tx', 'user'], ['clicks', 'a.b,c']]);
  expect(() => parsePartitionedBy('tx')).toThrow(/source=field/);
});
