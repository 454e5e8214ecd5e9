import { pino } from 'pino';
import { NodeEnvironment, validateEnvironment, type LogLevel } from '../config/environment.js';
import { logDestination, loggerOptions } from './logger-options.js';

/** A logger as the app builds it, writing into an array. */
function capture(LOG_LEVEL: LogLevel, NODE_ENV: NodeEnvironment) {
  const lines: string[] = [];
  const env = { LOG_LEVEL, NODE_ENV };
  const logger = pino(loggerOptions(env), logDestination(env, { write: (line: string) => lines.push(line) }));
  return { logger, lines };
}

describe('the log options', () => {
  it('log from LOG_LEVEL up, info unless set', () => {
    expect(validateEnvironment({}).LOG_LEVEL).toBe('info');
    expect(() => validateEnvironment({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL must be one of the following values: fatal, error, warn, info, debug, trace, silent/);
    const { logger, lines } = capture('warn', NodeEnvironment.Production);
    logger.info('not this');
    logger.warn('this');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['this']);
  });

  it('write one JSON object per line in production and tests, with the level by name and an ISO time', () => {
    for (const NODE_ENV of [NodeEnvironment.Production, NodeEnvironment.Test]) {
      const { logger, lines } = capture('info', NODE_ENV);
      logger.child({ context: 'Sync' }).info({ sync_id: 'abc', entities: { opportunity: { fetched: 3 } } }, 'Sync abc completed');
      expect(lines).toHaveLength(1);
      expect(lines[0].endsWith('\n')).toBe(true);
      expect(JSON.parse(lines[0])).toMatchObject({
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        context: 'Sync',
        msg: 'Sync abc completed',
        sync_id: 'abc',
        entities: { opportunity: { fetched: 3 } },
      });
    }
  });

  it('write one readable line each in development', () => {
    const { logger, lines } = capture('info', NodeEnvironment.Development);
    logger.child({ context: 'Sync' }).warn({ sync_id: 'abc' }, 'Sync abc failed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] .*WARN.*: \[Sync\] Sync abc failed .*"sync_id":"abc"/);
    expect(lines[0].trimEnd()).not.toContain('\n');
  });

  it('redact authorization headers, cookies, passwords, API keys and tokens, and keep error codes', () => {
    const { logger, lines } = capture('info', NodeEnvironment.Production);
    logger.info({
      req: { headers: { authorization: 'Bearer header-token', cookie: 'session=cookie-value', 'x-api-key': 'header-key' } },
      res: { headers: { 'set-cookie': 'session=set-cookie-value' } },
      password: 'top-password',
      body: { current_password: 'old-password', new_password: 'new-password', api_key: 'body-key' },
      user: { password_hash: '$argon2id$hash', ms_access_token: 'ms-token' },
      odoo: { apiKey: 'camel-key', secret: 'odoo-secret' },
      access_token: 'access',
      tokens: { id_token: 'id', refresh_token: 'refresh', token: 'plain-token' },
      code: 'ODOO_UNAVAILABLE',
      error: { code: 'ECONNREFUSED' },
    });
    const line = lines[0];
    const secrets = ['header-token', 'cookie-value', 'header-key', 'top-password', 'old-password', 'new-password', 'body-key'];
    secrets.push('$argon2id$hash', 'ms-token', 'camel-key', 'odoo-secret', '"access"', '"id"', '"refresh"', 'plain-token');
    expect(secrets.filter((secret) => line.includes(secret))).toEqual([]);
    const logged = JSON.parse(line);
    expect(logged.req.headers).toEqual({ authorization: '[Redacted]', cookie: '[Redacted]', 'x-api-key': '[Redacted]' });
    expect(logged.body).toEqual({ current_password: '[Redacted]', new_password: '[Redacted]', api_key: '[Redacted]' });
    expect(logged).toMatchObject({ code: 'ODOO_UNAVAILABLE', error: { code: 'ECONNREFUSED' } });
  });
});
