import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { MongooseModule } from '@nestjs/mongoose';
import { PassportModule } from '@nestjs/passport';
import { JwtAuthGuard } from '../common/auth/jwt-auth.guard.js';
import { RolesGuard } from '../common/auth/roles.guard.js';
import type { EnvironmentVariables } from '../config/environment.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { FirstAdminService } from './first-admin.service.js';
import { LoginRateLimiter } from './login/login-rate-limiter.service.js';
import { LoginAttempt, LoginAttemptSchema } from './login/schemas/login-attempt.schema.js';
import { AzureAdAuthGuard, AzureAdStrategy } from './microsoft/azure-ad.strategy.js';
import { EntraIdTokenVerifier } from './microsoft/entra-id-token.verifier.js';
import { MicrosoftController } from './microsoft/microsoft.controller.js';
import { MicrosoftLinkService } from './microsoft/microsoft-link.service.js';
import { JwtStrategy } from './tokens/jwt.strategy.js';
import { JWT_ALGORITHM, jwtSecret, TokenService } from './tokens/token.service.js';

@Module({
  imports: [
    UsersModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) => ({
        secret: jwtSecret(config),
        signOptions: { algorithm: JWT_ALGORITHM },
        verifyOptions: { algorithms: [JWT_ALGORITHM] },
      }),
    }),
    MongooseModule.forFeature([{ name: LoginAttempt.name, schema: LoginAttemptSchema }]),
  ],
  controllers: [AuthController, MicrosoftController],
  providers: [
    AuthService,
    TokenService,
    LoginRateLimiter,
    JwtStrategy,
    FirstAdminService,
    EntraIdTokenVerifier,
    AzureAdStrategy,
    AzureAdAuthGuard,
    MicrosoftLinkService,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [TokenService],
})
export class AuthModule {}
