import { Module } from '@nestjs/common';
import { DormantReadRepository } from './dormant-read.repository';
import { FindingsReadRepository } from './findings-read.repository';
import { InspectionFactsRepository } from './inspection-facts.repository';
import { PublicDirectoryRepository } from './public-directory.repository';
import { ReportingRepository } from './reporting.repository';

/**
 * The read model: the one place allowed to read several modules' tables in one query, for
 * reports, findings, inspections, dormant accounts and the public directory where splitting a join
 * across module repositories would make it slower. READ-ONLY: nothing here inserts, updates or
 * deletes, and every write still goes through the owning module's repository.
 */
@Module({
  providers: [PublicDirectoryRepository, ReportingRepository, FindingsReadRepository, DormantReadRepository, InspectionFactsRepository],
  exports: [PublicDirectoryRepository, ReportingRepository, FindingsReadRepository, DormantReadRepository, InspectionFactsRepository],
})
export class ReportingModule {}
