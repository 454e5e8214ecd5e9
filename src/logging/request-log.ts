import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AuthenticatedUser } from '../common/auth/authenticated-user.js';

interface RequestLine {
  msg: string;
  req_id: string;
  method: string;
  /** The route's pattern (`/api/opportunities/:id`), never the URL with its ids and query; null when none matched. */
  route: string | null;
  status: number;
  duration_ms: number;
  /** The caller, when a bearer token was accepted. */
  user_id?: string;
}

/** What a request line says: the request, its answer and who asked; an answer that failed on our side is an error. */
export function requestLine(request: FastifyRequest, reply: FastifyReply): { level: 'info' | 'error'; line: RequestLine } {
  const route = request.routeOptions.url ?? null;
  const duration_ms = Math.round(reply.elapsedTime * 10) / 10;
  const user = (request as { user?: AuthenticatedUser }).user;
  const line: RequestLine = {
    msg: `${request.method} ${route ?? '(no route)'} ${reply.statusCode} in ${duration_ms} ms`,
    req_id: String(request.id),
    method: request.method,
    route,
    status: reply.statusCode,
    duration_ms,
    ...(user && { user_id: user.id }),
  };
  return { level: reply.statusCode >= 500 ? 'error' : 'info', line };
}

/** One line per request, once its answer is sent. */
export function logRequests(fastify: FastifyInstance, logger: Logger): void {
  const http = logger.child({ context: 'HTTP' });
  fastify.addHook('onResponse', async (request, reply) => {
    const { level, line } = requestLine(request, reply);
    http[level](line);
  });
}
