import { dictionary } from '@zxcvbn-ts/language-common';
import { ValidateBy } from 'class-validator';

/** Shortest password accepted for a local account (ASVS 2.1.1). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

let common: Set<string> | undefined;

/**
 * The passwords attackers try first: zxcvbn's list of common and breached passwords (about 49,000, lower-case),
 * read on first use.
 */
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common']);
  return common;
}

/** Why a new password is refused, or null when it is acceptable. The message never repeats the password. */
export function passwordWeakness(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  return guessability(password);
}

/**
 * Why a password of acceptable length is still easy to guess, or null. On the list of common passwords compared
 * case-insensitively, also without the digits and symbols around it (`Password1234!` is `password`); or a short
 * pattern repeated (`aaaaaaaaaaaa`, `abcabcabcabc`).
 */
function guessability(password: string): string | null {
  const lower = password.toLowerCase();
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (commonPasswords().has(lower) || commonPasswords().has(core)) {
    return 'is too common: it is on a list of passwords that attackers try first';
  }
  if (/^(.{1,4})\1+$/su.test(lower)) return 'is a short pattern repeated: too easy to guess';
  return null;
}

/**
 * class-validator: a new password that is not easy to guess (see `guessability`); beside `@IsString()`,
 * `@MinLength(PASSWORD_MIN_LENGTH)` and `@MaxLength(PASSWORD_MAX_LENGTH)`, which OpenAPI shows. The error says why,
 * never what was sent.
 */
export function IsHardToGuess(): PropertyDecorator {
  return ValidateBy({
    name: 'isHardToGuess',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || guessability(value) === null,
      defaultMessage: (args) => `${args!.property} ${guessability(args!.value as string)}`,
    },
  });
}
