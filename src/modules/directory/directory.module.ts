import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import type { WindowStore } from '../../common/window-store';
import { WINDOW_STORE, WindowThrottlerStorage } from '../../common/window-store.module';
import { DiscoveryModule } from '../discovery/discovery.module';
import { ReportingModule } from '../reporting/reporting.module';
import { DirectoryPageController } from './directory-page.controller';
import { DirectoryController } from './directory.controller';
import { DirectoryService } from './directory.service';
import { PublicCorsMiddleware } from './public-cors.middleware';
import { PUBLIC_THROTTLER_STORAGE, PublicThrottlerGuard } from './public-throttler.guard';

/**
 * Public directory and verification (公开名录与账号核验). Reads `accounts` and `units`
 * through the read model (reporting/public-directory.repository.ts: read-only, explicit columns); owns no table.
 */
@Module({
  imports: [ReportingModule, DiscoveryModule],
  controllers: [DirectoryController, DirectoryPageController],
  // The public budget is kept apart from the login throttler's, and shared by every API replica in queue mode.
  providers: [
    DirectoryService,
    { provide: PUBLIC_THROTTLER_STORAGE, inject: [WINDOW_STORE], useFactory: (store: WindowStore) => new WindowThrottlerStorage(store, 'public') },
    PublicThrottlerGuard,
  ],
})
export class DirectoryModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(PublicCorsMiddleware).forRoutes({ path: 'public', method: RequestMethod.ALL }, { path: 'public/{*path}', method: RequestMethod.ALL });
  }
}
