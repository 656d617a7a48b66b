// POST /events: decode, hand to the intake, answer once the events are durable (202).

import type { FastifyInstance } from 'fastify';
import { ErrorCodes } from '../../../errors';
import type { EventIntake } from '../../ports';
import type { Guard } from '../auth';
import { decodeEvents } from '../decode-events';
import { HttpError } from '../http-errors';
import { errorResponses } from '../schemas';

const SOURCE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,199}$/;

export async function eventRoutes(app: FastifyInstance, opts: { intake: EventIntake; guard: Guard; bodyLimit: number }): Promise<void> {
  // bodies are decoded here, not by fastify, so errors can name the bad line
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: opts.bodyLimit }, (_req, body, done) => done(null, body));

  app.post<{ Querystring: { source?: string }; Body: string }>('/events', {
    onRequest: opts.guard,
    schema: {
      summary: 'Ingest events',
      description: 'One JSON object, an array of objects, or NDJSON (application/x-ndjson). Answers once the events are durable.',
      tags: ['events'],
      querystring: { type: 'object', properties: { source: { type: 'string', default: 'events' } } },
      response: { 202: { type: 'object', properties: { accepted: { type: 'integer' } } }, ...errorResponses },
    },
  }, async (request, reply) => {
    const source = request.query.source ?? 'events';
    if (!SOURCE_NAME.test(source)) throw new HttpError(400, ErrorCodes.BAD_REQUEST, `source: not a source name: ${JSON.stringify(source.slice(0, 200))}`);
    const ndjson = (request.headers['content-type'] ?? '').toLowerCase().includes('ndjson');
    const values = decodeEvents(typeof request.body === 'string' ? request.body : '', ndjson);
    const ack = await opts.intake.submit(source, values);
    return reply.code(202).send(ack);
  });
}
