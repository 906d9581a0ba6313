import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { spreadsheetUploadOptions } from '../../common/upload';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AccountsModule } from '../accounts/accounts.module';
import { AlertsModule } from '../alerts/alerts.module';
import { PostsModule } from '../posts/posts.module';
import { UnitsModule } from '../units/units.module';
import { RepostComplianceService } from './repost-compliance.service';
import { RepostReminderScheduler } from './repost-reminder.scheduler';
import { RepostConfirmation, RepostTask, RepostTaskResult } from './repost-task.entity';
import { RepostMatchPending } from './repost-match-pending.entity';
import { RepostMatchingService } from './repost-matching.service';
import { RepostTasksController } from './repost-tasks.controller';
import { RepostConfirmationsRepository, RepostMatchPendingRepository, RepostResultsRepository, RepostTasksRepository } from './repost-tasks.repository';
import { RepostTasksService } from './repost-tasks.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([RepostTask, RepostTaskResult, RepostConfirmation, RepostMatchPending]),
    AlertsModule,
    AccountsModule,
    UnitsModule,
    PostsModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => spreadsheetUploadOptions(config),
    }),
  ],
  controllers: [RepostTasksController],
  providers: [
    RepostTasksRepository,
    RepostResultsRepository,
    RepostConfirmationsRepository,
    RepostMatchPendingRepository,
    RepostTasksService,
    RepostComplianceService,
    RepostMatchingService,
    RepostReminderScheduler,
  ],
  exports: [RepostTasksService, RepostComplianceService, RepostMatchingService],
})
export class RepostTasksModule {}
