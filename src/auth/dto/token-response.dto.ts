import { UserDto } from '../../users/dto/user.dto.js';

export class TokenResponseDto {
  /** HS256 JWT; send it as `Authorization: Bearer <token>`. */
  access_token!: string;
  /** @example "bearer" */
  token_type!: 'bearer';
  /** Seconds until the token expires. @example 86400 */
  expires_in!: number;
  user!: UserDto;
}
