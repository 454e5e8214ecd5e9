import { HttpStatus, Injectable, Logger, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ApiException } from '../errors/api.exception.js';
import { IS_PUBLIC } from './auth.decorators.js';

/** Global: every route needs a valid bearer token unless it is `@Public()`. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  private readonly logger = new Logger('Auth');

  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    return isPublic ? true : super.canActivate(context);
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    // Passport reports a refused token through `info`; an `error` is a failure to check it (the database away),
    // which must not pass for a bad token: clients would drop a valid session.
    if (error instanceof Error) throw error;
    if (error || !user) {
      const reason = info instanceof Error ? info.message : 'user inactive or unknown';
      this.logger.debug(`Bearer token refused: ${reason}`);
      throw new ApiException(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'Missing, invalid or expired bearer token');
    }
    return user;
  }
}
