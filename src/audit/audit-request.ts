import type { FastifyRequest } from 'fastify';

/** Where an event came from: the client's address and the request's id. */
export interface AuditRequestContext {
  client_ip: string | null;
  request_id: string | null;
}

/**
 * The context of an event caused by an HTTP request, to spread into `AuditService.record`. The address is
 * Fastify's `request.ip`, so the app's trust-proxy setting decides it, as for the login limits; the id is the one
 * the response's `x-request-id` header and error bodies carry.
 */
export function auditContext(request: Pick<FastifyRequest, 'ip' | 'id'>): AuditRequestContext {
  return { client_ip: request.ip || null, request_id: request.id ? String(request.id) : null };
}
