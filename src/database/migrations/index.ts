import { InitialSchemaMysql1732800000000 } from './mysql/1732800000000-InitialSchema';
import { AlertsMysql1732800000100 } from './mysql/1732800000100-Alerts';
import { InitialSchemaSqlite1732800000000 } from './sqlite/1732800000000-InitialSchema';
import { AlertsSqlite1732800000100 } from './sqlite/1732800000100-Alerts';

/**
 * Migrations per dialect, in order. Each module's tables arrive through its own migration
 * pair (same timestamp and name in both folders); add new ones at the end of both lists.
 */
export const SQLITE_MIGRATIONS = [InitialSchemaSqlite1732800000000, AlertsSqlite1732800000100];
export const MYSQL_MIGRATIONS = [InitialSchemaMysql1732800000000, AlertsMysql1732800000100];
