import { InitialSchemaMysql1732800000000 } from './mysql/1732800000000-InitialSchema';
import { AlertsMysql1732800000100 } from './mysql/1732800000100-Alerts';
import { LinkHealthMysql1732800000200 } from './mysql/1732800000200-LinkHealth';
import { PollingMysql1732800000300 } from './mysql/1732800000300-Polling';
import { RepostTasksMysql1732800000400 } from './mysql/1732800000400-RepostTasks';
import { RepostTasksSqlite1732800000400 } from './sqlite/1732800000400-RepostTasks';
import { FindingsMysql1732800000500 } from './mysql/1732800000500-Findings';
import { FindingsSqlite1732800000500 } from './sqlite/1732800000500-Findings';
import { ReportsMysql1732800000600 } from './mysql/1732800000600-Reports';
import { ReportsSqlite1732800000600 } from './sqlite/1732800000600-Reports';
import { InitialSchemaSqlite1732800000000 } from './sqlite/1732800000000-InitialSchema';
import { AlertsSqlite1732800000100 } from './sqlite/1732800000100-Alerts';
import { LinkHealthSqlite1732800000200 } from './sqlite/1732800000200-LinkHealth';
import { PollingSqlite1732800000300 } from './sqlite/1732800000300-Polling';
import { RecertificationMysql1732800000700 } from './mysql/1732800000700-Recertification';
import { RecertificationSqlite1732800000700 } from './sqlite/1732800000700-Recertification';
import { PollRunItemsMysql1732800000800 } from './mysql/1732800000800-PollRunItems';
import { PollRunItemsSqlite1732800000800 } from './sqlite/1732800000800-PollRunItems';
import { SecurityMysql1732800000900 } from './mysql/1732800000900-Security';
import { SecuritySqlite1732800000900 } from './sqlite/1732800000900-Security';
import { LinkCheckItemsMysql1732800001000 } from './mysql/1732800001000-LinkCheckItems';
import { LinkCheckItemsSqlite1732800001000 } from './sqlite/1732800001000-LinkCheckItems';
import { RepostMatchPendingMysql1732800001100 } from './mysql/1732800001100-RepostMatchPending';
import { RepostMatchPendingSqlite1732800001100 } from './sqlite/1732800001100-RepostMatchPending';
import { PolishMysql1732800001700 } from './mysql/1732800001700-Polish';
import { PolishSqlite1732800001700 } from './sqlite/1732800001700-Polish';
import { ReportExportsMysql1732800001200 } from './mysql/1732800001200-ReportExports';
import { ReportExportsSqlite1732800001200 } from './sqlite/1732800001200-ReportExports';
import { ContentChecksMysql1732800002300 } from './mysql/1732800002300-ContentChecks';
import { IncrementalScansMysql1732800002700 } from './mysql/1732800002700-IncrementalScans';
import { IncrementalScansSqlite1732800002700 } from './sqlite/1732800002700-IncrementalScans';
import { TokenVersionMysql1732800001300 } from './mysql/1732800001300-TokenVersion';
import { ContentChecksSqlite1732800002300 } from './sqlite/1732800002300-ContentChecks';
import { TokenVersionSqlite1732800001300 } from './sqlite/1732800001300-TokenVersion';
import { RectificationsMysql1732800002000 } from './mysql/1732800002000-Rectifications';
import { RectificationsSqlite1732800002000 } from './sqlite/1732800002000-Rectifications';
import { PlatformsDiscoveryMysql1732800002200 } from './mysql/1732800002200-PlatformsDiscovery';
import { PlatformsDiscoverySqlite1732800002200 } from './sqlite/1732800002200-PlatformsDiscovery';
import { InspectionsMysql1732800002100 } from './mysql/1732800002100-Inspections';
import { InspectionsSqlite1732800002100 } from './sqlite/1732800002100-Inspections';
import { PlatformLookMysql1732800002500 } from './mysql/1732800002500-PlatformLook';
import { PlatformLookSqlite1732800002500 } from './sqlite/1732800002500-PlatformLook';
import { InspectionSpeedMysql1732800002600 } from './mysql/1732800002600-InspectionSpeed';
import { InspectionSpeedSqlite1732800002600 } from './sqlite/1732800002600-InspectionSpeed';

/**
 * Migrations per dialect, in timestamp order. Each module's tables arrive through its own
 * migration pair (same timestamp and name in both folders); add new ones at the end of both lists.
 */
export const SQLITE_MIGRATIONS = [
  InitialSchemaSqlite1732800000000,
  AlertsSqlite1732800000100,
  LinkHealthSqlite1732800000200,
  PollingSqlite1732800000300,
  RepostTasksSqlite1732800000400,
  FindingsSqlite1732800000500,
  ReportsSqlite1732800000600,
  RecertificationSqlite1732800000700,
  PollRunItemsSqlite1732800000800,
  SecuritySqlite1732800000900,
  LinkCheckItemsSqlite1732800001000,
  RepostMatchPendingSqlite1732800001100,
  ReportExportsSqlite1732800001200,
  TokenVersionSqlite1732800001300,
  PolishSqlite1732800001700,
  RectificationsSqlite1732800002000,
  InspectionsSqlite1732800002100,
  PlatformsDiscoverySqlite1732800002200,
  ContentChecksSqlite1732800002300,
  PlatformLookSqlite1732800002500,
  InspectionSpeedSqlite1732800002600,
  IncrementalScansSqlite1732800002700,
];
export const MYSQL_MIGRATIONS = [
  InitialSchemaMysql1732800000000,
  AlertsMysql1732800000100,
  LinkHealthMysql1732800000200,
  PollingMysql1732800000300,
  RepostTasksMysql1732800000400,
  FindingsMysql1732800000500,
  ReportsMysql1732800000600,
  RecertificationMysql1732800000700,
  PollRunItemsMysql1732800000800,
  SecurityMysql1732800000900,
  LinkCheckItemsMysql1732800001000,
  RepostMatchPendingMysql1732800001100,
  ReportExportsMysql1732800001200,
  TokenVersionMysql1732800001300,
  PolishMysql1732800001700,
  RectificationsMysql1732800002000,
  InspectionsMysql1732800002100,
  PlatformsDiscoveryMysql1732800002200,
  ContentChecksMysql1732800002300,
  PlatformLookMysql1732800002500,
  InspectionSpeedMysql1732800002600,
  IncrementalScansMysql1732800002700,
];
