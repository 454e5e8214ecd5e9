import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** Longest Microsoft access token accepted; Entra ID tokens with many group claims stay well below it. */
const MICROSOFT_TOKEN_MAX_LENGTH = 16_384;

/** What the frontend's MSAL needs to sign a user in and get an access token for this API. */
export class MicrosoftConfigDto {
  /** False when Microsoft sign-in is not configured; then no other field is present. @example true */
  enabled!: boolean;

  /** Application (client) id of this API's app registration. @example "6e74172b-be56-4843-9ff4-e66a39bb12e3" */
  client_id?: string;

  /** Directory (tenant) id users sign in from. @example "72f988bf-86f1-41af-91ab-2d7cd011db47" */
  tenant_id?: string;

  /** MSAL `authority`: `<login host>/<tenant>`. @example "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47" */
  authority?: string;

  /** Where MSAL returns after sign-in; null when the frontend uses its own default. @example "https://sales.example.com/auth/callback" */
  @ApiProperty({ type: String, nullable: true, required: false })
  redirect_uri?: string | null;

  /** Scopes to request for this API's access token. @example ["api://6e74172b-be56-4843-9ff4-e66a39bb12e3/access_as_user"] */
  scopes?: string[];
}

/** A Microsoft access token that MSAL obtained for this API's scope (not a Graph token, not an id token). */
export class CompleteMicrosoftSignInDto {
  /** @example "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6Ii4uLiJ9.eyJhdWQiOiIuLi4ifQ.c2lnbmF0dXJl" */
  @IsString()
  @MinLength(1)
  @MaxLength(MICROSOFT_TOKEN_MAX_LENGTH)
  access_token!: string;
}

/**
 * Links the caller's account to their Microsoft account: a Microsoft access token for this API, as for
 * `POST /auth/microsoft/complete`, and the caller's current password again.
 */
export class LinkMicrosoftAccountDto extends CompleteMicrosoftSignInDto {
  /** The caller's current password. @example "correct horse battery staple" */
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}
