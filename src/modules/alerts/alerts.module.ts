import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { AlertChannel, AlertDelivery } from './alert-channel.entity';
import { AlertChannelsController } from './alert-channels.controller';
import { AlertChannelsRepository } from './alert-channels.repository';
import { AlertChannelsService } from './alert-channels.service';
import { AlertReactions } from './alert-reactions';
import { Alert } from './alert.entity';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';

@Module({
  imports: [TypeOrmModule.forFeature([Alert, AlertChannel, AlertDelivery]), AccountsModule],
  controllers: [AlertsController, AlertChannelsController],
  providers: [AlertsRepository, AlertChannelsRepository, AlertsService, AlertChannelsService, AlertReactions],
  exports: [AlertsService, AlertChannelsService],
})
export class AlertsModule {}
