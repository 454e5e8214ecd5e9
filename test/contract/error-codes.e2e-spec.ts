import { ERROR_CODES } from '../../src/common/errors/error-codes.js';
import { loadDocument } from './openapi-document.js';
import { ResponseValidator } from './response-validator.js';

// The contract fuzzer refuses an error code outside the catalogue only because openapi.json lists the catalogue as the
// enum of `code` and the validator keeps that enum: this holds both in place.
describe('error codes in the contract', () => {
  const validator = new ResponseValidator(loadDocument());
  const answer = (code: string) => ({ status: 409, code, message: 'Conflicts with the current state', request_id: 'r-1' });

  it('lists exactly the catalogue as the enum of the error shape', () => {
    expect(loadDocument().components.schemas.ErrorResponseDto.properties?.code.enum).toEqual(ERROR_CODES);
  });

  it.each(ERROR_CODES.map((code) => [code]))('accepts an error answer with the catalogued code %s', (code) => {
    expect(validator.validateError(answer(code))).toEqual({ valid: true });
  });

  it.each(['SOMETHING_ELSE', 'conflict', ''])('refuses an error answer with the code %p, which is not in the catalogue', (code) => {
    const verdict = validator.validateError(answer(code));
    expect(verdict.valid).toBe(false);
    expect(verdict.errors).toContain('/code must be equal to one of the allowed values');
  });
});
