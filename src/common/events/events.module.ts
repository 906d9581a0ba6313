import { Global, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { EventBus } from './event-bus';

/** The event bus (common/events/event-bus.ts), for every module. */
@Global()
@Module({
  imports: [EventEmitterModule.forRoot({ global: false })],
  providers: [EventBus],
  exports: [EventBus],
})
export class EventsModule {}
