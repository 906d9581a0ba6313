import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import type { WindowStore } from '../../common/window-store';
import { WINDOW_STORE, WindowThrottlerStorage } from '../../common/window-store.module';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthGuard, JWT_ALGORITHM } from './auth.guard';
import { AuthService } from './auth.service';

@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // HS256 only, for signing and for verifying: a token signed otherwise (HS384, HS512, none) is refused.
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: JWT_ALGORITHM, expiresIn: config.jwtExpiresIn as never },
        verifyOptions: { algorithms: [JWT_ALGORITHM] },
      }),
    }),
    // Only the login route uses the throttler (see AuthController); its budget is per client IP.
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, WINDOW_STORE],
      useFactory: (config: AppConfig, store: WindowStore) => ({
        throttlers: [{ name: 'login', ttl: 60_000, limit: config.loginRateLimitPerMinute }],
        errorMessage: '登录请求过于频繁，请一分钟后再试',
        // Shared by every API replica in queue mode.
        storage: new WindowThrottlerStorage(store, 'throttle'),
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, AuthGuard, { provide: APP_GUARD, useExisting: AuthGuard }],
})
export class AuthModule {}
