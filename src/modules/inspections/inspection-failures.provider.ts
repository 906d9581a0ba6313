import { ConflictException, Global, Injectable, Module, NotFoundException } from '@nestjs/common';
import { INSPECTION_FAILURES, InspectionFailuresProvider, RoundFailures } from '../rectifications/inspection-failures';
import { InspectionsModule } from './inspections.module';
import { InspectionsService } from './inspections.service';

/** The rectification module's seam (rectifications/inspection-failures.ts), answered from the rounds. */
@Injectable()
export class InspectionFailures implements InspectionFailuresProvider {
  constructor(private readonly inspections: InspectionsService) {}

  async failedAccountsOfFinalRound(roundId: number): Promise<RoundFailures> {
    let quarter: string;
    try {
      quarter = (await this.inspections.round(roundId)).quarter;
    } catch (error) {
      if (error instanceof NotFoundException) return { found: false };
      throw error;
    }
    try {
      const failed = await this.inspections.failedAccounts(roundId);
      return { found: true, final: true, quarter, failed: failed.map((f) => ({ accountId: f.accountId, reasons: f.reasons })) };
    } catch (error) {
      if (error instanceof ConflictException) return { found: true, final: false, quarter };
      throw error;
    }
  }
}

/**
 * Global so rectifications can take INSPECTION_FAILURES without importing this module (which
 * would make the folders depend on each other). Registered in AppModule after any test modules,
 * so a test's own provider of the seam takes precedence.
 */
@Global()
@Module({ imports: [InspectionsModule], providers: [{ provide: INSPECTION_FAILURES, useClass: InspectionFailures }], exports: [INSPECTION_FAILURES] })
export class InspectionFailuresModule {}
