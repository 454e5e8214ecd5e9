import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsHardToGuess, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../users/passwords/password-policy.js';

export class ChangePasswordDto {
  /** The password the caller signs in with now. @example "correct horse battery staple" */
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  current_password!: string;

  /** At least 12 characters, and not a common or breached password. @example "a new passphrase of my own" */
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  @IsHardToGuess()
  new_password!: string;
}
