import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ClientErrorResponder } from './common/client-errors';
import { ClockModule } from './common/clock.module';
import { EventsModule } from './common/events/events.module';
import { SecretsModule } from './common/secrets.module';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { AccountsModule } from './modules/accounts/accounts.module';
import { AlertsModule } from './modules/alerts/alerts.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { HealthModule } from './modules/health/health.module';
import { UnitsModule } from './modules/units/units.module';
import { UsersModule } from './modules/users/users.module';
import { PlatformsModule } from './modules/platforms/platforms.module';
import { PollingModule } from './modules/polling/polling.module';
import { PostsModule } from './modules/posts/posts.module';
import { SourcesModule } from './modules/sources/sources.module';
import { ColumnsModule } from './modules/columns/columns.module';
import { LinkHealthModule } from './modules/link-health/link-health.module';
import { DirectoryModule } from './modules/directory/directory.module';
import { DiscoveryModule } from './modules/discovery/discovery.module';
import { RepostTasksModule } from './modules/repost-tasks/repost-tasks.module';
import { ErrorWordsModule } from './modules/error-words/error-words.module';
import { LeadersModule } from './modules/leaders/leaders.module';
import { FindingsModule } from './modules/findings/findings.module';
import { ReportsModule } from './modules/reports/reports.module';
import { RectificationsModule } from './modules/rectifications/rectifications.module';
import { InspectionFailuresModule } from './modules/inspections/inspection-failures.provider';
import { InspectionsModule } from './modules/inspections/inspections.module';
import { INSPECTION_FAILURES } from './modules/rectifications/inspection-failures';
import { RecertificationModule } from './modules/recertification/recertification.module';
import { SettingsModule } from './modules/settings/settings.module';
import { SystemModule } from './modules/system/system.module';
import { QueueModule } from './queue/queue.module';
import { SchedulesModule } from './queue/schedules';
import { SCHEDULES } from './schedules';
import { WindowStoreModule } from './common/window-store.module';

/** True when one of the caller's modules provides the rectification seam itself. */
function providesInspectionFailures(modules: DynamicModule[]): boolean {
  return modules.some((m) => (m.providers ?? []).some((p) => typeof p === 'object' && 'provide' in p && p.provide === INSPECTION_FAILURES));
}

@Module({})
export class AppModule {
  /** `extra`: modules added by the caller (tests register test-only providers behind a module's seam this way). */
  static forRoot(config: AppConfig, extra: DynamicModule[] = []): DynamicModule {
    const webIndex = path.join(config.webDir, 'index.html');
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ClockModule,
        EventsModule,
        SecretsModule,
        DatabaseModule.forRoot(config),
        ScheduleModule.forRoot(),
        QueueModule,
        SchedulesModule.forRoot(SCHEDULES),
        WindowStoreModule,
        AuditModule,
        UnitsModule,
        UsersModule,
        AuthModule,
        PlatformsModule,
        AccountsModule,
        AlertsModule,
        ColumnsModule,
        LinkHealthModule,
        HealthModule,
        SourcesModule,
        PostsModule,
        PollingModule,
        ErrorWordsModule,
        LeadersModule,
        FindingsModule,
        SettingsModule,
        DiscoveryModule,
        ReportsModule,
        InspectionsModule,
        RecertificationModule,
        RepostTasksModule,
        RectificationsModule,
        DirectoryModule,
        SystemModule,
        // A test may stand in for the rectification seam with its own provider (test/e2e/rectifications).
        ...(providesInspectionFailures(extra) ? [] : [InspectionFailuresModule]),
        ...extra,
        // The admin UI, when built: client-side routes fall back to index.html; /api and the public /directory page are untouched.
        ...(existsSync(webIndex) ? [ServeStaticModule.forRoot({ rootPath: config.webDir, exclude: ['/api/{*path}', '/directory{*path}'] })] : []),
      ],
      // Requests Node's HTTP parser refuses (e.g. a URL over its size limit) get the api.md error body too.
      providers: [ClientErrorResponder],
    };
  }
}
