// GET /alerts/stream: alerts as server-sent events (`id`, `event: alert`, `data`). Last-Event-ID
// resumes after that alert. A comment line every 15 s keeps proxies from closing the stream; a
// client that stops reading is dropped once too much is queued for it, rather than buffering
// without bound. Streams end when the service closes, so shutdown does not wait for them.

import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { Alert } from '../../../engine/alert';
import type { AlertStore } from '../../ports';
import { type AlertQueryString, toFilter } from '../alert-query';
import { alertFilterQuery } from '../schemas';

const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

export interface StreamOptions {
  alerts: AlertStore;
  heartbeatMs: number;
}

export async function alertStreamRoutes(app: FastifyInstance, opts: StreamOptions): Promise<void> {
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  app.get<{ Querystring: AlertQueryString }>('/alerts/stream', {
    schema: {
      summary: 'Alerts as server-sent events',
      description: 'Optional filters as for GET /alerts; the Last-Event-ID header resumes after that alert.',
      tags: ['alerts'],
      querystring: { type: 'object', properties: alertFilterQuery },
      headers: { type: 'object', properties: { 'last-event-id': { type: 'string' } } },
    },
  }, (request, reply) => {
    const filter = toFilter(request.query);
    const lastId = request.headers['last-event-id'];
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    let unsubscribe = () => {};
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), opts.heartbeatMs);
    const end = () => {
      if (!open.delete(end)) return;
      clearInterval(heartbeat);
      unsubscribe();
      res.end();
    };
    open.add(end);
    res.on('close', end);
    unsubscribe = opts.alerts.subscribe(filter, (a) => send(res, a, end), typeof lastId === 'string' ? lastId : undefined);
    // the backlog after Last-Event-ID may already have ended a slow stream
    if (!open.has(end)) unsubscribe();
  });
}

function send(res: ServerResponse, a: Alert, end: () => void): void {
  if (res.writableLength > MAX_QUEUED_BYTES) return end();
  res.write(`id: ${a.id}\nevent: alert\ndata: ${JSON.stringify(a)}\n\n`);
}
