import {
  fromOdooError,
  OdooAccessError,
  OdooAuthenticationError,
  OdooMissingModelError,
  OdooServerError,
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
    [{ name: 'psycopg2.errors.SerializationFailure', message: 'could not serialize' }, OdooServerError],
  ])('maps %o', (data, type) => {
    const error = fromOdooError(data, 'crm.lead.search_read');
    expect(error).toBeInstanceOf(type);
    expect(error.message).toBe(`crm.lead.search_read: ${data.message}`);
    expect(error.retryable).toBe(false);
  });
});
