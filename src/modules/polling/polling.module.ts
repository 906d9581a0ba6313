import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { PostsModule } from '../posts/posts.module';
import { SourcesModule } from '../sources/sources.module';
import { PollRun } from './poll-run.entity';
import { PollRunItem } from './poll-run-item.entity';
import { PollRunsRepository } from './poll-runs.repository';
import { PollScheduler } from './poll-scheduler';
import { PollingController } from './polling.controller';
import { PollingService } from './polling.service';

@Module({
  imports: [TypeOrmModule.forFeature([PollRun, PollRunItem]), SourcesModule, PostsModule, AccountsModule],
  controllers: [PollingController],
  providers: [PollRunsRepository, PollingService, PollScheduler],
  exports: [PollingService, PollScheduler, PollRunsRepository],
})
export class PollingModule {}
