import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { spreadsheetUploadOptions } from '../../common/upload';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ErrorWord, ErrorWordAllow } from './error-word.entity';
import { ErrorWordsController } from './error-words.controller';
import { ErrorWordsRepository } from './error-words.repository';
import { ErrorWordsService } from './error-words.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([ErrorWord, ErrorWordAllow]),
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => spreadsheetUploadOptions(config),
    }),
  ],
  controllers: [ErrorWordsController],
  providers: [ErrorWordsRepository, ErrorWordsService],
  exports: [ErrorWordsService],
})
export class ErrorWordsModule {}
