import { EventEmitter2 } from '@nestjs/event-emitter';
import { EventBus } from '../../common/events/event-bus';
import type { AppConfig } from '../../config/app-config';
import { ColumnLinkResetEvent } from '../columns/columns.events';
import { FindingOpenedEvent, FindingResolvedEvent, FindingRestatedEvent } from '../findings/findings.events';
import { LinkStatusChangedEvent } from '../link-health/link-health.events';
import { PollFailedEvent, PollRecoveredEvent } from '../polling/polling.events';
import { SourceConfiguredEvent } from '../sources/sources.events';
import { AlertReactions } from './alert-reactions';
import type { AlertsService } from './alerts.service';

describe('AlertReactions: the alerts that follow other modules’ events', () => {
  let bus: EventBus;
  let alerts: { raise: jest.Mock; resolve: jest.Mock; restate: jest.Mock };
  beforeEach(() => {
    bus = new EventBus(new EventEmitter2());
    alerts = { raise: jest.fn().mockResolvedValue({ opened: true }), resolve: jest.fn().mockResolvedValue(null), restate: jest.fn().mockResolvedValue(undefined) };
    new AlertReactions({ pollFailureAlertThreshold: 3 } as AppConfig, alerts as unknown as AlertsService, bus).onModuleInit();
  });

  const column = { id: 41, accountId: 7, name: '政务公开', url: 'https://example.gov.cn/gk/' };

  it('a broken link raises link_broken with its reason; a recovered one, a reset or a deleted column resolves it', async () => {
    await bus.emitRequired(new LinkStatusChangedEvent(column, 3, '某县发布', 'broken', { reason: 'not_found', httpStatus: 404, finalUrl: column.url }));
    expect(alerts.raise).toHaveBeenCalledWith({
      kind: 'link_broken',
      subjectType: 'column',
      subjectId: 41,
      unitId: 3,
      message: '栏目“政务公开”（某县发布）链接无法访问：页面不存在（404）（HTTP 404） https://example.gov.cn/gk/',
      details: { columnId: 41, accountId: 7, url: column.url, finalUrl: column.url, httpStatus: 404, reason: 'not_found' },
    });
    await bus.emitRequired(new LinkStatusChangedEvent(column, 3, null, 'ok', { reason: 'ok', httpStatus: 200, finalUrl: column.url }));
    await bus.emitRequired(new ColumnLinkResetEvent(41, 'deleted'));
    expect(alerts.resolve.mock.calls).toEqual([[{ kind: 'link_broken', subjectType: 'column', subjectId: 41 }], [{ kind: 'link_broken', subjectType: 'column', subjectId: 41 }]]);
  });

  it('a finding opens its alert with the kind’s label and closes it when resolved or accepted', async () => {
    await bus.emitRequired(new FindingOpenedEvent(9, 'inactive', 3, 7, 'account', '7', '账号“某县发布”已 120 天未更新'));
    expect(alerts.raise).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'finding', subjectType: 'finding', subjectId: 9, unitId: 3, message: expect.stringMatching(/^【.+】账号“某县发布”已 120 天未更新$/) }),
    );
    await bus.emitRequired(new FindingResolvedEvent(9, 'accepted'));
    expect(alerts.resolve).toHaveBeenCalledWith({ kind: 'finding', subjectType: 'finding', subjectId: 9 });
  });

  it('a finding whose facts changed restates its open alert (never opens one): no stale "没有任何发布"', async () => {
    await bus.emitRequired(new FindingRestatedEvent(9, 'inactive', '账号“某县发布”已 30 天未更新（最近发布于 2023-08-01，超过 14 天）'));
    expect(alerts.restate).toHaveBeenCalledWith(
      { kind: 'finding', subjectType: 'finding', subjectId: 9 },
      expect.stringMatching(/^【.+】账号“某县发布”已 30 天未更新（最近发布于 2023-08-01/),
    );
    expect(alerts.raise).not.toHaveBeenCalled();
  });

  it('poll failures raise source_config at once and poll_failing from the threshold on; recovery and new settings resolve', async () => {
    const account = { id: 7, unitId: 3, name: '某县发布' };
    await bus.emitRequired(new PollFailedEvent(account, { kind: 'transient', code: null, message: '超时' }, 2));
    expect(alerts.raise).not.toHaveBeenCalled();
    await bus.emitRequired(new PollFailedEvent(account, { kind: 'config', code: 40001, message: 'AppSecret 错误' }, 3));
    expect(alerts.raise.mock.calls.map(([a]) => [a.kind, a.message])).toEqual([
      ['source_config', '账号“某县发布”采集配置有误：AppSecret 错误'],
      ['poll_failing', '账号“某县发布”连续 3 次采集失败：AppSecret 错误'],
    ]);
    await bus.emitRequired(new PollRecoveredEvent(7));
    await bus.emitRequired(new SourceConfiguredEvent(7));
    expect(alerts.resolve.mock.calls.map(([s]) => s.kind)).toEqual(['poll_failing', 'source_config', 'source_config']);
  });

  it('a raise that fails fails the producer’s step (emitRequired)', async () => {
    alerts.raise.mockRejectedValue(new Error('database went away'));
    await expect(bus.emitRequired(new LinkStatusChangedEvent(column, 3, null, 'broken', { reason: 'timeout', httpStatus: null, finalUrl: null }))).rejects.toThrow(
      'database went away',
    );
  });
});
