// Listening, with the failures a user can fix said in one line that names the setting.

import type { FastifyInstance } from 'fastify';
import { CepheusError, ErrorCodes } from '../errors';

export async function listen(app: FastifyInstance, host: string, port: number): Promise<number> {
  try {
    await app.listen({ host, port });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the address is already in use (CEPHEUS_PORT)'
      : code === 'EACCES' ? 'permission denied (CEPHEUS_PORT)'
      : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' ? 'no such local address (CEPHEUS_HOST)'
      : (e as Error).message;
    throw new CepheusError(ErrorCodes.LISTEN_FAILED, `cannot listen on ${host}:${port}: ${why}`);
  }
  const address = app.server.address();
  return typeof address === 'object' && address !== null ? address.port : port;
}

/**
 * Closes the server: requests under way get `graceMs` to finish, then every connection left is
 * cut. Without the cut, a client's idle or never-used connection (browsers and fetch open them
 * speculatively) holds a stop for as long as the client likes.
 */
export async function closeGracefully(app: FastifyInstance, graceMs: number): Promise<void> {
  const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}
