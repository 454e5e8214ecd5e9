import { UserDto } from '../../users/dto/user.dto.js';

export class TokenResponseDto {
  /**
   * HS256 JWT with `{ id, email, role, token_version, auth_time, iat, exp }`; send it as
   * `Authorization: Bearer <token>`.
   */
  access_token!: string;
  /** @example "bearer" */
  token_type!: 'bearer';
  /** Seconds until the token expires: JWT_EXPIRES_IN_SECONDS, or less when the session ends sooner. @example 43200 */
  expires_in!: number;
  user!: UserDto;
}
