import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';

/** The application Clock (common/clock.ts), one instance for every module. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
