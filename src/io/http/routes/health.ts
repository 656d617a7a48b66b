// GET /health (the process serves; 503 names the failing part) and GET /ready (rules loaded and
// state restored), and GET /metrics (Prometheus text).

import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { ErrorCodes } from '../../../errors';
import type { ServiceStatus } from '../../ports';
import { errorBody } from '../http-errors';

export async function healthRoutes(app: FastifyInstance, opts: { status: ServiceStatus; metrics: Registry }): Promise<void> {
  app.get('/health', { schema: { summary: 'Liveness', tags: ['service'] } }, async (_request, reply) => {
    const h = opts.status.health();
    if (h.ok) return { status: 'ok', ...h.details };
    const parts = Object.entries(h.failing).map(([part, why]) => `${part}: ${why}`);
    return reply.code(503).send(errorBody(503, ErrorCodes.UNHEALTHY, parts.join('; '), { status: 'failing', failing: h.failing }));
  });

  app.get('/ready', { schema: { summary: 'Readiness: rules loaded and state restored', tags: ['service'] } }, async (_request, reply) => {
    const r = opts.status.readiness();
    if (r === 'ready') return { status: 'ready' };
    return reply.code(503).header('retry-after', '1').send(errorBody(503, ErrorCodes.NOT_READY, `the service is ${r}`, { status: r }));
  });

  app.get('/metrics', { schema: { summary: 'Prometheus metrics', tags: ['service'] } }, async (_request, reply) => {
    const text = await opts.metrics.metrics();
    return reply.type(opts.metrics.contentType).send(text);
  });
}
