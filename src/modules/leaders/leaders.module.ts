import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Leader } from './leader.entity';
import { LeadersController } from './leaders.controller';
import { LeadersRepository } from './leaders.repository';
import { LeadersService } from './leaders.service';

@Module({
  imports: [TypeOrmModule.forFeature([Leader])],
  controllers: [LeadersController],
  providers: [LeadersService, LeadersRepository],
  exports: [LeadersService],
})
export class LeadersModule {}
