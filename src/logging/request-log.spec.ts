import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestLine } from './request-log.js';

const request = (fields: object) => ({ id: 'req-1', method: 'GET', routeOptions: { url: '/api/opportunities/:id' }, ...fields }) as unknown as FastifyRequest;
const reply = (statusCode: number) => ({ statusCode, elapsedTime: 12.345 }) as FastifyReply;

describe('the line logged per request', () => {
  it('names the route pattern, the answer, its duration and the caller', () => {
    expect(requestLine(request({ user: { id: 'user-1' } }), reply(200))).toEqual({
      level: 'info',
      line: {
        msg: 'GET /api/opportunities/:id 200 in 12.3 ms',
        req_id: 'req-1',
        method: 'GET',
        route: '/api/opportunities/:id',
        status: 200,
        duration_ms: 12.3,
        user_id: 'user-1',
      },
    });
  });

  it('is an error for a 5xx answer only, and has no user without a token or route where none matched', () => {
    expect(requestLine(request({}), reply(404)).level).toBe('info');
    expect(requestLine(request({}), reply(499)).level).toBe('info');
    expect(requestLine(request({}), reply(500)).level).toBe('error');
    const unrouted = requestLine(request({ routeOptions: {} }), reply(404)).line;
    expect(unrouted).toMatchObject({ route: null, msg: 'GET (no route) 404 in 12.3 ms' });
    expect(unrouted).not.toHaveProperty('user_id');
  });
});
