import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  /** Compared case-insensitively. @example "ana.lopez@example.com" */
  @IsEmail()
  @MaxLength(254)
  email!: string;

  /** @example "correct horse battery staple" */
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}
