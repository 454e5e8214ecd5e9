import { IsBoolean, IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { IsOmittable } from '../../common/validation/is-omittable.js';
import { PASSWORD_MIN_LENGTH } from '../../config/environment.js';
import { ROLES, type Role } from '../schemas/user.schema.js';

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

  /** At least 10 characters. @example "a long passphrase" */
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(1024)
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
