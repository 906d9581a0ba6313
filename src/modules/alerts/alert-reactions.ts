import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../common/events/event-bus';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ColumnLinkResetEvent } from '../columns/columns.events';
import { detectorRegistry } from '../findings/detectors/detector-registry';
import { FindingOpenedEvent, FindingResolvedEvent, FindingRestatedEvent } from '../findings/findings.events';
import { REASON_LABELS } from '../link-health/engine/types';
import { LinkStatusChangedEvent } from '../link-health/link-health.events';
import { PollFailedEvent, PollRecoveredEvent } from '../polling/polling.events';
import { SourceConfiguredEvent } from '../sources/sources.events';
import { AlertsService } from './alerts.service';

/**
 * The alerts that follow other modules' events: `link_broken` (link health, columns),
 * `finding` (findings), `poll_failing` and `source_config` (polling, sources). The producers
 * tell what happened and do not know that an alert follows; the wording of each alert is here.
 * Every one of these events is emitted with `emitRequired`: a raise or resolve that fails
 * fails the producer's step (e.g. a link-check batch is tried again), as when they called
 * AlertsService directly. (Repost and re-certification reminders raise their alerts themselves:
 * the reminder check is the alert.)
 */
@Injectable()
export class AlertReactions implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly alerts: AlertsService,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.bus.on(LinkStatusChangedEvent, (event) => this.linkStatusChanged(event));
    this.bus.on(ColumnLinkResetEvent, async ({ columnId }) => void (await this.alerts.resolve(linkSubject(columnId))));
    this.bus.on(FindingOpenedEvent, (event) => this.findingOpened(event));
    this.bus.on(FindingRestatedEvent, async ({ findingId, kind, message }) =>
      this.alerts.restate({ kind: 'finding', subjectType: 'finding', subjectId: findingId }, `【${detectorRegistry.labelOf(kind)}】${message}`),
    );
    this.bus.on(FindingResolvedEvent, async ({ findingId }) => void (await this.alerts.resolve({ kind: 'finding', subjectType: 'finding', subjectId: findingId })));
    this.bus.on(PollFailedEvent, (event) => this.pollFailed(event));
    this.bus.on(PollRecoveredEvent, (event) => this.pollRecovered(event));
    this.bus.on(SourceConfiguredEvent, async ({ accountId }) => void (await this.alerts.resolve({ kind: 'source_config', subjectType: 'account', subjectId: accountId })));
  }

  private async linkStatusChanged({ column, unitId, accountName, health, result }: LinkStatusChangedEvent): Promise<void> {
    if (health === 'ok') {
      await this.alerts.resolve(linkSubject(column.id));
      return;
    }
    const status = result.httpStatus ? `（HTTP ${result.httpStatus}）` : '';
    await this.alerts.raise({
      ...linkSubject(column.id),
      unitId,
      message: `栏目“${column.name}”${accountName ? `（${accountName}）` : ''}链接无法访问：${REASON_LABELS[result.reason]}${status} ${column.url}`,
      details: { columnId: column.id, accountId: column.accountId, url: column.url, finalUrl: result.finalUrl, httpStatus: result.httpStatus, reason: result.reason },
    });
  }

  private async findingOpened(event: FindingOpenedEvent): Promise<void> {
    await this.alerts.raise({
      kind: 'finding',
      subjectType: 'finding',
      subjectId: event.findingId,
      unitId: event.unitId,
      message: `【${detectorRegistry.labelOf(event.kind)}】${event.message}`,
      details: { findingId: event.findingId, findingKind: event.kind, accountId: event.accountId, subjectType: event.subjectType, subjectId: event.subjectId },
    });
  }

  private async pollFailed({ account, failure, failures }: PollFailedEvent): Promise<void> {
    const subject = { subjectType: 'account', subjectId: account.id, unitId: account.unitId };
    if (failure.kind === 'config') {
      await this.alerts.raise({ kind: 'source_config', ...subject, message: `账号“${account.name}”采集配置有误：${failure.message}`, details: { code: failure.code } });
    }
    if (failures >= this.config.pollFailureAlertThreshold) {
      await this.alerts.raise({
        kind: 'poll_failing',
        ...subject,
        message: `账号“${account.name}”连续 ${failures} 次采集失败：${failure.message}`,
        details: { failures, kind: failure.kind },
      });
    }
  }

  private async pollRecovered({ accountId }: PollRecoveredEvent): Promise<void> {
    await this.alerts.resolve({ kind: 'poll_failing', subjectType: 'account', subjectId: accountId });
    await this.alerts.resolve({ kind: 'source_config', subjectType: 'account', subjectId: accountId });
  }
}

function linkSubject(columnId: number) {
  return { kind: 'link_broken' as const, subjectType: 'column', subjectId: columnId };
}
