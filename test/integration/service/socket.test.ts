// The built service on a real socket: start, post events, read the alert back over REST and over
// server-sent events (and resume with Last-Event-ID), stop on SIGTERM with exit code 0; and the
// start failures a user meets, each one line on stderr and exit code 1.

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Alert } from '../../../src/engine/alert';
import { type Child, ensureBuilt, http, spawnService, startChild } from '../../fixtures/service/child';
import { tempDir } from '../../fixtures/service/harness';
import { ABC_RULES } from '../../fixtures/service/rules';

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

/** Reads server-sent events from a streaming fetch until `count` `alert` events arrived. */
async function readSse(url: string, count: number, headers: Record<string, string> = {}, onOpen?: () => Promise<void>): Promise<{ events: SseEvent[]; raw: string }> {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let raw = '';
  const opened = onOpen?.();
  const events: SseEvent[] = [];
  while (events.filter((e) => e.event === 'alert').length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    raw += decoder.decode(value, { stream: true });
    events.splice(0, events.length, ...parseSse(raw));
  }
  await opened;
  controller.abort();
  return { events, raw };
}

function parseSse(raw: string): SseEvent[] {
  return raw
    .split('\n\n')
    .slice(0, -1)
    .map((block) => {
      const e: SseEvent = {};
      for (const line of block.split('\n')) {
        const m = /^(id|event|data): (.*)$/.exec(line);
        if (m !== null) e[m[1] as keyof SseEvent] = m[2];
      }
      return e;
    });
}

function abc(user: string, t0: number): object[] {
  return [{ ts: t0, user, type: 'a' }, { ts: t0 + 1, user, type: 'b' }, { ts: t0 + 2, user, type: 'c' }, { ts: t0 + 3, user: 'other', type: 'x' }];
}

describe('the service on a socket', () => {
  let child: Child;
  let dataDir: string;

  beforeAll(async () => {
    ensureBuilt();
    const rulesDir = tempDir('rules');
    dataDir = tempDir('data');
    fs.writeFileSync(path.join(rulesDir, 'abc.cep'), ABC_RULES);
    child = await startChild({ CEPHEUS_RULES: rulesDir, CEPHEUS_DATA: dataDir });
  });

  afterAll(() => {
    if (child?.proc.exitCode === null) child.proc.kill('SIGKILL');
  });

  it('takes events over HTTP and serves the alert over REST and SSE', async () => {
    const { events } = await readSse(`${child.base}/alerts/stream?rule=abc`, 1, {}, async () => {
      const res = await http('POST', `${child.base}/events`, abc('sock', 1000));
      expect(res.status).toBe(202);
      expect(res.json).toEqual({ accepted: 4 });
    });
    const alert = events.find((e) => e.event === 'alert');
    const rest = await http('GET', `${child.base}/alerts?rule=abc`);
    expect(rest.json.alerts).toHaveLength(1);
    const stored = rest.json.alerts[0] as Alert;
    expect(stored).toMatchObject({ rule: 'abc', kind: 'match', key: 'sock' });
    expect(alert?.id).toBe(stored.id);
    expect(JSON.parse(alert?.data ?? '')).toEqual(stored);
    expect((await http('GET', `${child.base}/alerts/${stored.id}`)).json).toEqual(stored);
  });

  it('resumes a stream after Last-Event-ID', async () => {
    const first = (await http('GET', `${child.base}/alerts?rule=abc`)).json.alerts[0] as Alert;
    await http('POST', `${child.base}/events`, abc('sock2', 2000));
    const { events } = await readSse(`${child.base}/alerts/stream`, 1, { 'last-event-id': first.id });
    const alerts = events.filter((e) => e.event === 'alert').map((e) => JSON.parse(e.data ?? '') as Alert);
    expect(alerts.map((a) => a.key)).toEqual(['sock2']);
  });

  it('stops on SIGTERM: exit code 0, snapshot written, log drained', async () => {
    child.proc.kill('SIGTERM');
    expect(await child.exit).toEqual({ code: 0, signal: null });
    expect(child.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['signal received', 'stopped']));
    expect(fs.existsSync(path.join(dataDir, 'snapshot.json'))).toBe(true);
    expect(child.stderr()).toBe('');
  });
});

describe('start failures: one line, exit code 1', () => {
  beforeAll(() => ensureBuilt());

  async function failedStart(env: Record<string, string>): Promise<string> {
    const c = spawnService(env);
    expect(await c.exit).toEqual({ code: 1, signal: null });
    const lines = c.stderr().split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    return lines[0];
  }

  it('a port already in use', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const rulesDir = tempDir('rules');
    try {
      const line = await failedStart({ CEPHEUS_PORT: String(port), CEPHEUS_RULES: rulesDir, CEPHEUS_DATA: tempDir('data') });
      expect(line).toBe(`cepheus serve: cannot listen on 127.0.0.1:${port}: the address is already in use (CEPHEUS_PORT)`);
    } finally {
      server.close();
    }
  });

  it('an unreadable rules directory', async () => {
    const line = await failedStart({ CEPHEUS_RULES: '/nonexistent/rules', CEPHEUS_DATA: tempDir('data') });
    expect(line).toMatch(/^cepheus serve: cannot read the rules directory \/nonexistent\/rules \(CEPHEUS_RULES\): /);
  });

  it('a bad setting', async () => {
    expect(await failedStart({ CEPHEUS_PORT: 'http' })).toBe('cepheus serve: CEPHEUS_PORT: must be an integer from 0 to 65535, got "http"');
    expect(await failedStart({ CEPHEUS_SNAPSHOT_INTERVAL: 'often' })).toMatch(/^cepheus serve: CEPHEUS_SNAPSHOT_INTERVAL: /);
  });

  it('a data directory another instance is using', async () => {
    const rulesDir = tempDir('rules');
    const dataDir = tempDir('data');
    const first = await startChild({ CEPHEUS_RULES: rulesDir, CEPHEUS_DATA: dataDir });
    try {
      const line = await failedStart({ CEPHEUS_RULES: rulesDir, CEPHEUS_DATA: dataDir });
      expect(line).toBe(`cepheus serve: data directory ${dataDir} is in use by process ${first.proc.pid} (CEPHEUS_DATA)`);
    } finally {
      // SIGINT (Ctrl-C) stops as gracefully as SIGTERM
      first.proc.kill('SIGINT');
      expect(await first.exit).toEqual({ code: 0, signal: null });
    }
  });
});
