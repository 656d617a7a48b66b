// Bearer-token check for the endpoints that change something (API.md: CEPHEUS_API_TOKEN). Tokens
// are compared as SHA-256 digests with timingSafeEqual, so the comparison time says nothing about
// how much of a guess was right.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodes } from '../../errors';
import { HttpError } from './http-errors';

export type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export function bearerGuard(token: string | null): Guard {
  const expected = token === null ? null : digest(token);
  return async (request) => {
    if (expected === null) return;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (m === null || !timingSafeEqual(digest(m[1]), expected)) {
      throw new HttpError(401, ErrorCodes.UNAUTHORIZED, 'this endpoint needs Authorization: Bearer <CEPHEUS_API_TOKEN>', {}, {
        'www-authenticate': 'Bearer',
      });
    }
  };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
