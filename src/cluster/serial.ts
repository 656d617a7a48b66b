// One thing at a time: batches, idle ticks, snapshots and partition hand-overs all change the one
// engine and the task table, so they run strictly one after the other (kafkajs calls eachBatch
// one at a time too, but timers and rebalance events come from elsewhere).

export class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  private depth = 0;

  /** tasks queued or running */
  get pending(): number {
    return this.depth;
  }

  run<T>(task: () => Promise<T> | T): Promise<T> {
    this.depth++;
    const run = this.tail.then(task, task).finally(() => {
      this.depth--;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }
}
