import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsHardToGuess, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../passwords/password-policy.js';

export class ResetPasswordDto {
  /** The user's new password: at least 12 characters, and not a common or breached password. */
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  @IsHardToGuess()
  password!: string;
}
