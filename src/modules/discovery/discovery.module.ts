import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { spreadsheetUploadOptions } from '../../common/upload';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AccountsModule } from '../accounts/accounts.module';
import { PostsModule } from '../posts/posts.module';
import { UnitsModule } from '../units/units.module';
import { DiscoveryController } from './discovery.controller';
import { DiscoveryBatch, DiscoveryRow } from './discovery.entities';
import { DiscoveryRowsRepository } from './discovery.repository';
import { DiscoveryService } from './discovery.service';

/**
 * Account discovery (账号发现): lists of accounts seen on the platforms, classified against
 * the registry and triaged (claim → an application; impostor → a 假冒 case; dismiss).
 * Owns `discovery_batches` and `discovery_rows`.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([DiscoveryBatch, DiscoveryRow]),
    AccountsModule,
    PostsModule,
    UnitsModule,
    MulterModule.registerAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => spreadsheetUploadOptions(config) }),
  ],
  controllers: [DiscoveryController],
  providers: [DiscoveryService, DiscoveryRowsRepository],
  exports: [DiscoveryService],
})
export class DiscoveryModule {}
