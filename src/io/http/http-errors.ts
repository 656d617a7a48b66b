// Every 4xx/5xx body is fastify's shape `{statusCode, code, error, message}` with a stable CEP_
// code (API.md "Errors"), plus `line` or `diagnostics` where they apply. Errors thrown anywhere
// (ours, CepheusError, fastify's, plugins') are mapped here, in one place.

import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CepheusError, ErrorCodes } from '../../errors';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  [extra: string]: unknown;
}

/** HTTP status of a CepheusError code reaching the API; others are internal errors. */
const STATUS_OF: Record<string, number> = {
  [ErrorCodes.BUSY]: 503,
  [ErrorCodes.NOT_READY]: 503,
  [ErrorCodes.DATA_WRITE_FAILED]: 503,
  [ErrorCodes.BAD_REQUEST]: 400,
  [ErrorCodes.EVENTS_INVALID]: 400,
  [ErrorCodes.UNKNOWN_SOURCE]: 400,
  [ErrorCodes.RULE_FILE_NAME]: 400,
  [ErrorCodes.BATCH_TOO_LARGE]: 413,
};

/** What fastify's own errors become. */
const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, ErrorCodes.BODY_TOO_LARGE],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, ErrorCodes.BAD_REQUEST],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, ErrorCodes.BAD_REQUEST],
};

export function errorBody(statusCode: number, code: string, message: string, extra: Record<string, unknown> = {}): ErrorBody {
  return { statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message, ...extra };
}

export function toHttpError(e: unknown): HttpError {
  if (e instanceof HttpError) return e;
  if (e instanceof CepheusError) {
    const status = STATUS_OF[e.code] ?? 500;
    const headers: Record<string, string> = status === 503 ? { 'retry-after': e.code === ErrorCodes.DATA_WRITE_FAILED ? '30' : '1' } : {};
    if (status === 500) return new HttpError(500, ErrorCodes.INTERNAL, 'internal error');
    return new HttpError(status, e.code, e.message, e.details, headers);
  }
  const fe = e as FastifyError;
  if (fe.validation !== undefined) return new HttpError(400, ErrorCodes.BAD_REQUEST, fe.message);
  const known = FASTIFY_CODES[fe.code ?? ''];
  if (known !== undefined) return new HttpError(known[0], known[1], fe.message);
  if (fe.statusCode === 429) return new HttpError(429, ErrorCodes.RATE_LIMITED, fe.message);
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new HttpError(fe.statusCode, ErrorCodes.BAD_REQUEST, fe.message);
  }
  return new HttpError(500, ErrorCodes.INTERNAL, 'internal error');
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const h = toHttpError(error);
  if (h.statusCode >= 500 && h.code === ErrorCodes.INTERNAL) request.log.error({ err: error }, 'request failed');
  void reply.code(h.statusCode).headers(h.headers).send(errorBody(h.statusCode, h.code, h.message, h.extra));
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  void reply.code(404).send(errorBody(404, ErrorCodes.NOT_FOUND, `no route ${request.method} ${request.url.split('?')[0]}`));
}
