import { passwordWeakness } from './password-policy.js';

describe('passwordWeakness', () => {
  it('accepts passphrases of 12 characters or more that are not common', () => {
    for (const password of ['correct horse battery', 'a passphrase of my own', 'Tr0ub4dor&3xyz', 'zq8!Lm2#rT5v', 'ñandú veloz 42', '1 dragon 2 dragons']) {
      expect({ password, weakness: passwordWeakness(password) }).toEqual({ password, weakness: null });
    }
  });

  it('refuses fewer than 12 characters, and more than 1024', () => {
    expect(passwordWeakness('password12')).toBe('must be at least 12 characters long');
    expect(passwordWeakness('x7#kq2!mzp9')).toBe('must be at least 12 characters long');
    expect(passwordWeakness('x'.repeat(1025))).toBe('must be at most 1024 characters long');
  });

  it('refuses a password on the list of common passwords, whatever its case', () => {
    for (const password of ['password1234', 'PASSWORD1234', 'qwerty123456', '1q2w3e4r5t6y', 'passwordpassword', '123456789012']) {
      expect({ password, weakness: passwordWeakness(password) }).toEqual({ password, weakness: expect.stringMatching(/^is too common/) });
    }
  });

  it('refuses a common password with digits and symbols around it', () => {
    for (const password of ['Sunshine2024!', '!!Administrator', '2024-football-!', 'iloveyou12345']) {
      expect({ password, weakness: passwordWeakness(password) }).toEqual({ password, weakness: expect.stringMatching(/^is too common/) });
    }
  });

  it('refuses one character or a short pattern repeated', () => {
    for (const password of ['aaaaaaaaaaaa', '            ', 'abababababab', 'abcabcabcabc', '1a2b1a2b1a2b']) {
      expect({ password, weakness: passwordWeakness(password) }).toEqual({ password, weakness: expect.stringMatching(/^is a short pattern repeated/) });
    }
  });

  it('never repeats the password in its answer', () => {
    for (const password of ['password1234', 'short', 'aaaaaaaaaaaa']) expect(passwordWeakness(password)).not.toContain(password);
  });
});
