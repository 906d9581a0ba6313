import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { UnitsModule } from '../units/units.module';
import { AccountColumn } from './column.entity';
import { ColumnsController } from './columns.controller';
import { ColumnsRepository } from './columns.repository';
import { ColumnsService } from './columns.service';

@Module({
  imports: [TypeOrmModule.forFeature([AccountColumn]), AccountsModule, UnitsModule],
  controllers: [ColumnsController],
  providers: [ColumnsRepository, ColumnsService],
  exports: [ColumnsService],
})
export class ColumnsModule {}
