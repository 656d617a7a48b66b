// The built service (`node dist/src/cli.js serve`) in Kafka mode as a child process, ready once it
// has taken over a partition.
import { spawnService } from '../../fixtures/service/child';

export type ServiceChild = ReturnType<typeof spawnService>;

export function logged(child: ServiceChild, msg: string): Record<string, unknown>[] {
  return (child.lines as unknown as Record<string, unknown>[]).filter((l) => l.msg === msg);
}

export async function startServing(env: Record<string, string>, timeoutMs = 30_000): Promise<ServiceChild> {
  const child = spawnService({ ...env, LOG_LEVEL: 'info' });
  const until = Date.now() + timeoutMs;
  while (logged(child, 'partition taken over').length === 0) {
    const exited = await Promise.race([child.exit, new Promise<null>((r) => setTimeout(() => r(null), 25))]);
    if (exited !== null) throw new Error(`service exited ${JSON.stringify(exited)}: ${child.stderr()}`);
    if (Date.now() > until) {
      child.proc.kill('SIGKILL');
      throw new Error(`service took no partition: ${child.stderr()}`);
    }
  }
  return child;
}

export async function kill9(child: ServiceChild): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill('SIGKILL');
  await child.exit;
}
