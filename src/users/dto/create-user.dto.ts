import { IsBoolean, IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { IsOmittable } from '../../common/validation/is-omittable.js';
import { IsHardToGuess, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../passwords/password-policy.js';
import { ROLES, type Role } from '../user-record.js';

export class CreateUserDto {
  /** Unique, compared case-insensitively. @example "ana.lopez@example.com" */
  @IsEmail()
  @MaxLength(254)
  email!: string;

  /** @example "Ana Lopez" */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  /** At least 12 characters, and not a common or breached password. @example "a long passphrase of my own" */
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  @IsHardToGuess()
  password!: string;

  /** @example "user" */
  @IsOmittable()
  @IsIn(ROLES)
  role?: Role;

  /** Only a super admin may create another. */
  @IsOmittable()
  @IsBoolean()
  is_super_admin?: boolean;
}
