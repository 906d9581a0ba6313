import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { spreadsheetUploadOptions } from '../../common/upload';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AccountsModule } from '../accounts/accounts.module';
import { ReportingModule } from '../reporting/reporting.module';
import { Post } from './post.entity';
import { PostsController } from './posts.controller';
import { PostsRepository } from './posts.repository';
import { PostsService } from './posts.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Post]),
    AccountsModule,
    ReportingModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => spreadsheetUploadOptions(config),
    }),
  ],
  controllers: [PostsController],
  providers: [PostsRepository, PostsService],
  exports: [PostsService, PostsRepository],
})
export class PostsModule {}
