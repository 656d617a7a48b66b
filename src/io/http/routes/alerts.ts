// GET /alerts (filtered, newest first, paged by cursor) and GET /alerts/:id.

import type { FastifyInstance } from 'fastify';
import { ErrorCodes } from '../../../errors';
import type { AlertStore } from '../../ports';
import { type AlertQueryString, toQuery } from '../alert-query';
import { HttpError } from '../http-errors';
import { alertFilterQuery, errorResponses } from '../schemas';

export async function alertRoutes(app: FastifyInstance, opts: { alerts: AlertStore }): Promise<void> {
  app.get<{ Querystring: AlertQueryString }>('/alerts', {
    schema: {
      summary: 'Query alerts, newest first',
      tags: ['alerts'],
      querystring: {
        type: 'object',
        properties: {
          ...alertFilterQuery,
          from: { type: 'string', description: 'detectedAt lower bound: epoch ms or ISO-8601' },
          to: { type: 'string', description: 'detectedAt upper bound: epoch ms or ISO-8601' },
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          cursor: { type: 'string', description: '`next` of the previous page' },
        },
      },
      response: {
        200: { type: 'object', properties: { alerts: { type: 'array', items: { $ref: 'alert#' } }, next: { type: ['string', 'null'] } } },
        ...errorResponses,
      },
    },
  }, async (request) => opts.alerts.query(toQuery(request.query)));

  app.get<{ Params: { id: string } }>('/alerts/:id', {
    schema: {
      summary: 'One alert',
      tags: ['alerts'],
      params: { type: 'object', properties: { id: { type: 'string' } } },
      response: { 200: { $ref: 'alert#' }, ...errorResponses },
    },
  }, async (request) => {
    const alert = await opts.alerts.get(request.params.id);
    if (alert === null) throw new HttpError(404, ErrorCodes.ALERT_NOT_FOUND, `no alert ${request.params.id}`);
    return alert;
  });
}
