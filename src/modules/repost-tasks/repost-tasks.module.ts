import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { spreadsheetUploadOptions } from '../../common/upload';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AlertsModule } from '../alerts/alerts.module';
import { RepostReminderScheduler } from './repost-reminder.scheduler';
import { RepostConfirmation, RepostTask, RepostTaskResult } from './repost-task.entity';
import { RepostMatchPending } from './repost-match-pending.entity';
import { RepostMatchingService } from './repost-matching.service';
import { RepostTasksController } from './repost-tasks.controller';
import { RepostTasksService } from './repost-tasks.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([RepostTask, RepostTaskResult, RepostConfirmation, RepostMatchPending]),
    AlertsModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => spreadsheetUploadOptions(config),
    }),
  ],
  controllers: [RepostTasksController],
  providers: [RepostTasksService, RepostMatchingService, RepostReminderScheduler],
  exports: [RepostTasksService, RepostMatchingService],
})
export class RepostTasksModule {}
