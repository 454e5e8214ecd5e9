import {
  failureKindOf,
  fromOdooError,
  OdooAnswerLostError,
  OdooAccessError,
  OdooAuthenticationError,
  OdooDatabaseNotFoundError,
  OdooMissingModelError,
  OdooServerError,
  OdooUnavailableError,
  OdooValidationError,
} from './odoo.errors.js';

describe('fromOdooError', () => {
  it.each([
    [{ name: 'odoo.exceptions.AccessDenied', message: 'Access Denied' }, OdooAuthenticationError],
    [{ name: 'werkzeug.exceptions.Unauthorized', message: 'Invalid apikey' }, OdooAuthenticationError],
    [{ name: 'odoo.exceptions.AccessError', message: 'You are not allowed' }, OdooAccessError],
    [{ name: 'odoo.exceptions.ValidationError', message: 'Invalid field' }, OdooValidationError],
    [{ name: 'odoo.exceptions.UserError', message: 'Object foo.bar doesn\'t exist' }, OdooMissingModelError],
    [{ name: 'builtins.KeyError', message: "'foo.bar'" }, OdooMissingModelError],
    [{ name: 'werkzeug.exceptions.NotFound', message: "the model 'x.y' does not exist" }, OdooMissingModelError],
    [{ name: 'builtins.ZeroDivisionError', message: 'division by zero' }, OdooServerError],
  ])('maps %o', (data, type) => {
    const error = fromOdooError(data, 'crm.lead.search_read');
    expect(error).toBeInstanceOf(type);
    expect(error.message).toBe(`crm.lead.search_read: ${data.message}`);
    expect(error.retryable).toBe(false);
  });

  it('retries what a lost database connection or a serialization failure caused, not a missing database', () => {
    expect(fromOdooError({ name: 'psycopg2.OperationalError', message: 'server closed the connection unexpectedly' }, 'x')).toBeInstanceOf(
      OdooUnavailableError,
    );
    expect(fromOdooError({ name: 'psycopg2.errors.SerializationFailure', message: 'could not serialize' }, 'x').retryable).toBe(true);
    expect(
      fromOdooError({ name: 'psycopg2.OperationalError', message: 'FATAL:  database "nope" does not exist' }, 'x'),
    ).toBeInstanceOf(OdooDatabaseNotFoundError);
  });
});

describe('failureKindOf', () => {
  it.each([
    [new OdooAnswerLostError('x'), 'unavailable'],
    [new OdooUnavailableError('x', undefined, 502), 'unavailable'],
    [new OdooAuthenticationError('x'), 'authentication'],
    [new OdooAccessError('x'), 'access'],
    [new OdooMissingModelError('x'), 'validation'],
    [new OdooValidationError('x'), 'validation'],
    [new OdooDatabaseNotFoundError('x'), 'other'],
    [new TypeError('x'), 'other'],
  ])('counts %o as %s', (error, kind) => {
    expect(failureKindOf(error)).toBe(kind);
  });
});
