// The HTTP API (API.md "Endpoints") as a fastify instance built from the service's ports, so the
// embedded mode (main.ts) and the Kafka/Redis mode pass their own implementations, and tests
// drive it with app.inject(). Listening is the caller's business.

import Fastify, { type FastifyInstance, LogController } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Registry } from 'prom-client';
import type { Logger } from '../../log';
import type { AlertStore, EventIntake, RuleAdmin, ServiceStatus } from '../ports';
import { bearerGuard } from './auth';
import { errorHandler, notFoundHandler } from './http-errors';
import { alertRoutes } from './routes/alerts';
import { alertStreamRoutes } from './routes/alert-stream';
import { eventRoutes } from './routes/events';
import { healthRoutes } from './routes/health';
import { ruleRoutes } from './routes/rules';
import { alertSchema, diagnosticSchema, errorSchema, ruleSchema } from './schemas';

export interface AppOptions {
  /** CEPHEUS_API_TOKEN: when set, mutating endpoints need it as a bearer token */
  apiToken: string | null;
  bodyLimitBytes: number;
  /** per client address; 0 turns the limit off */
  rateLimitPerMinute: number;
  sseHeartbeatMs?: number;
}

export interface AppDeps {
  intake: EventIntake;
  alerts: AlertStore;
  rules: RuleAdmin;
  status: ServiceStatus;
  metrics: Registry;
  logger: Logger;
  options: AppOptions;
}

/** Probes and scrapes are not rate limited: a busy client must not make the service look down. */
const UNLIMITED = new Set(['/health', '/ready', '/metrics']);

export function build(deps: AppDeps): FastifyInstance {
  const { options } = deps;
  const app = Fastify({
    loggerInstance: deps.logger,
    // one line per request from the onResponse hook below instead of fastify's two
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes,
    // during close, requests on open connections still get our own 503 (intake is stopping)
    return503OnClosing: false,
  }) as unknown as FastifyInstance;
  // response schemas document; JSON.stringify keeps alerts' free-form fields intact
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.addHook('onResponse', async (request, reply) => {
    const level = reply.statusCode >= 500 ? 'error' : request.method === 'GET' && reply.statusCode < 400 ? 'debug' : 'info';
    request.log[level]({ method: request.method, url: request.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  for (const s of [errorSchema, diagnosticSchema, alertSchema, ruleSchema]) app.addSchema(s);
  void app.register(swagger, {
    openapi: {
      info: { title: 'Cepheus', description: 'Complex-event-processing rules service', version: '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  void app.register(swaggerUi, { routePrefix: '/docs' });
  if (options.rateLimitPerMinute > 0) {
    void app.register(rateLimit, {
      max: options.rateLimitPerMinute,
      timeWindow: 60_000,
      allowList: (request) => UNLIMITED.has(request.url.split('?')[0]),
    });
  }
  const guard = bearerGuard(options.apiToken);
  void app.register(async (scope) => {
    void scope.register(eventRoutes, { intake: deps.intake, guard, bodyLimit: options.bodyLimitBytes });
    void scope.register(alertRoutes, { alerts: deps.alerts });
    void scope.register(alertStreamRoutes, { alerts: deps.alerts, heartbeatMs: options.sseHeartbeatMs ?? 15_000 });
    void scope.register(ruleRoutes, { rules: deps.rules, guard, bodyLimit: options.bodyLimitBytes });
    void scope.register(healthRoutes, { status: deps.status, metrics: deps.metrics });
  });
  return app;
}
