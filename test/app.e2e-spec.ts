import { Body, Controller, Get, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { Public } from '../src/common/auth/auth.decorators.js';
import { createTestApp } from './support/test-app.js';

class AddressProbeDto {
  @IsString()
  city!: string;
}

class ProbeDto {
  @IsEmail()
  email!: string;

  @IsInt()
  @Min(1)
  count!: number;

  @ValidateNested()
  @Type(() => AddressProbeDto)
  address!: AddressProbeDto;
}

/** Test-only routes that exercise the global pipe and filter the way real routes will. */
@Public()
@Controller('probe')
class ProbeController {
  @Post()
  echo(@Body() body: ProbeDto) {
    return { received: body, countType: typeof body.count };
  }

  @Get('crash')
  crash(): never {
    throw new Error('connect ECONNREFUSED mongodb://admin:hunter2@db.internal:27017');
  }
}

const ERROR_SHAPE = {
  status: expect.any(Number),
  code: expect.any(String),
  message: expect.any(String),
  request_id: expect.any(String),
};

describe('HTTP behaviour shared by every route', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp(
      { controllers: [ProbeController] },
      { BODY_LIMIT_BYTES: '2048', CORS_ORIGINS: 'https://app.example.com, https://admin.example.com' },
    );
  });
  afterAll(() => app.close());

  const post = (payload: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/probe', payload, headers: { 'content-type': 'application/json', ...headers } });
  const valid = { email: 'a@example.com', count: '3', address: { city: 'Lyon' } };

  it('accepts a valid body, transforms it to the DTO and strips nothing it declared', async () => {
    const res = await post(JSON.stringify({ ...valid, count: 3 }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ received: { ...valid, count: 3 }, countType: 'number' });
  });

  it('answers unknown fields with 400 and names each one', async () => {
    const res = await post(JSON.stringify({ ...valid, count: 3, role: 'admin', address: { city: 'Lyon', zip: 1 } }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      ...ERROR_SHAPE,
      status: 400,
      code: 'VALIDATION_FAILED',
      details: expect.arrayContaining([
        { field: 'role', errors: ['property role should not exist'] },
        { field: 'address.zip', errors: ['property zip should not exist'] },
      ]),
    });
  });

  it('lists every invalid field, nested ones by path', async () => {
    const res = await post(JSON.stringify({ email: 'nope', count: 0, address: { city: 5 } }));
    const body = res.json();
    expect(res.statusCode).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.map((d: { field: string }) => d.field).sort()).toEqual(['address.city', 'count', 'email']);
  });

  it('rejects operator objects where a value is expected', async () => {
    const res = await post(JSON.stringify({ email: { $ne: null }, count: 1, address: { city: 'x' } }));
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('email');
  });

  it('answers malformed JSON with 400 INVALID_JSON', async () => {
    const res = await post('{"email": ');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ ...ERROR_SHAPE, status: 400, code: 'INVALID_JSON' });
  });

  it('answers a body over the limit with 413', async () => {
    const res = await post(JSON.stringify({ ...valid, padding: 'x'.repeat(4096) }));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ ...ERROR_SHAPE, status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await post('<probe/>', { 'content-type': 'application/xml' });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toEqual({ ...ERROR_SHAPE, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers unknown routes with 404 in the same shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ ...ERROR_SHAPE, status: 404, code: 'NOT_FOUND' });
  });

  it('turns an unexpected error into a plain 500 that leaks nothing', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/probe/crash' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ ...ERROR_SHAPE, status: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' });
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toContain('ECONNREFUSED');
  });

  it('echoes a caller request id in the header and in errors, and makes one up otherwise', async () => {
    const given = await app.inject({ method: 'GET', url: '/api/nothing', headers: { 'x-request-id': 'trace-42' } });
    expect(given.headers['x-request-id']).toBe('trace-42');
    expect(given.json().request_id).toBe('trace-42');

    const hostile = await app.inject({ method: 'GET', url: '/api/nothing', headers: { 'x-request-id': '<script>' } });
    expect(hostile.json().request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(hostile.headers['x-request-id']).toBe(hostile.json().request_id);
  });

  it('sends security headers', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('allows CORS only for the configured origins', async () => {
    const preflight = (origin: string) =>
      app.inject({
        method: 'OPTIONS',
        url: '/api/health',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
    const allowed = await preflight('https://admin.example.com');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://admin.example.com');
    const refused = await preflight('https://evil.example.com');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });
});
