import { InitialSchemaMysql1732800000000 } from './mysql/1732800000000-InitialSchema';
import { InitialSchemaSqlite1732800000000 } from './sqlite/1732800000000-InitialSchema';

/** Migrations per dialect, in order. Each module's tables arrive through its own migration. */
export const SQLITE_MIGRATIONS = [InitialSchemaSqlite1732800000000];
export const MYSQL_MIGRATIONS = [InitialSchemaMysql1732800000000];
