// Topic administration and committed offsets, through one kafkajs admin client.

import type { Admin, Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  partitions: number;
}

export class KafkaAdmin {
  private readonly admin: Admin;
  private connected: Promise<void> | null = null;

  constructor(kafka: Kafka) {
    this.admin = kafka.admin();
  }

  private connect(): Promise<void> {
    this.connected ??= this.admin.connect().catch((e: unknown) => {
      this.connected = null;
      throw e;
    });
    return this.connected;
  }

  /** Creates the topics that do not exist yet; existing ones are left as they are. */
  async ensureTopics(specs: readonly TopicSpec[], replicationFactor = 1): Promise<void> {
    await this.connect();
    const existing = new Set(await this.admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length === 0) return;
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({ topic: s.topic, numPartitions: s.partitions, replicationFactor })),
    });
  }

  async partitionCount(topic: string): Promise<number> {
    await this.connect();
    const md = await this.admin.fetchTopicMetadata({ topics: [topic] });
    return md.topics[0]?.partitions.length ?? 0;
  }

  /** The group's committed next offset of one partition (-1 when none) and its metadata. */
  async committed(groupId: string, topic: string, partition: number): Promise<{ offset: number; metadata: string | null }> {
    await this.connect();
    const res = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    const p = res.find((t) => t.topic === topic)?.partitions.find((x) => x.partition === partition);
    return p === undefined ? { offset: -1, metadata: null } : { offset: Number(p.offset), metadata: p.metadata };
  }

  async close(): Promise<void> {
    if (this.connected !== null) await this.admin.disconnect().catch(() => undefined);
    this.connected = null;
  }
}
