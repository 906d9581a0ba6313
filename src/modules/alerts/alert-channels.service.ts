import { Inject, Injectable, Logger, NotFoundException, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Page, PageQuery } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { fieldError } from '../../common/validation';
import { TransactionRunner } from '../../database/transactions';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import { EventBus } from '../../common/events/event-bus';
import type { ScheduleDefinition } from '../../queue/schedules';
import { AuditService } from '../audit/audit.service';
import { SecretService } from '../../common/secret.service';
import { AlertChannel, AlertDelivery } from './alert-channel.entity';
import { CreateAlertChannelDto } from './alert-channels.dto';
import { AlertChannelsRepository } from './alert-channels.repository';
import { AlertChannelView } from './alert-channels.responses';
import { Alert } from './alert.entity';
import { AlertOpenedEvent, AlertResolvedEvent } from './alerts.events';
import { AlertsService } from './alerts.service';
import type { ChannelTransports } from './channels/alert-channel-kind';
import { channelRegistry } from './channels/channel-registry';
import { postJson } from './channels/http-post';
import { composeMessage, DeliveryEvent } from './channels/senders';
import { sendSmtpMail } from './channels/smtp';
import { maskChannelTarget } from './channels/target-mask';
import { backoffDelayMs } from '../../common/backoff';

export const DELIVERY_JOB = 'alert-delivery';
export const REMINDER_JOB = 'alert-reminders';

/** Reminders of open alerts (ALERT_REMINDER_MINUTES; checked every minute while it is above 0). */
export const ALERT_REMINDER_SCHEDULE: ScheduleDefinition = {
  job: REMINDER_JOB,
  label: '未处理告警提醒',
  when: (config) => (config.alertReminderMinutes > 0 ? { everyMs: 60_000 } : null),
};

/**
 * Alert channels and deliveries: every opened/resolved alert (and reminders) goes to each
 * enabled channel as a recorded delivery, retried with backoff; a failing channel never
 * blocks the work that raised the alert.
 */
@Injectable()
export class AlertChannelsService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('AlertDelivery');

  constructor(
    private readonly channels: AlertChannelsRepository,
    private readonly transactions: TransactionRunner,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly alerts: AlertsService,
    private readonly audit: AuditService,
    private readonly secrets: SecretService,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.bus.on(AlertOpenedEvent, ({ alert }) => this.onAlert('alert.opened', alert));
    this.bus.on(AlertResolvedEvent, ({ alert }) => this.onAlert('alert.resolved', alert));
    this.queue.process<{ deliveryId: number }>(DELIVERY_JOB, (job) => this.attempt(job.deliveryId), 4);
    // Reminders: a repeatable job on the queue (once per deployment in queue mode), checked every minute.
    this.queue.process(
      REMINDER_JOB,
      () =>
        this.remind().then(
          () => undefined,
          (e: unknown) => this.logger.warn(`reminders failed: ${String(e)}`),
        ),
      1,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sealLegacy();
    await this.remaskTargets();
  }

  // ---- channels ----

  async create(dto: CreateAlertChannelDto, actor: Actor): Promise<AlertChannelView> {
    const target = this.validTarget(dto.kind, dto.target.trim());
    const channel = await this.transactions.run(async (tx) => {
      const saved = await this.channels.insert(tx, {
        name: dto.name.trim(),
        kind: dto.kind,
        ...this.sealTarget(dto.kind, target),
        secret: dto.secret ? this.seal(dto.secret) : null,
        kinds: dto.kinds?.length ? [...new Set(dto.kinds)] : null,
        enabled: dto.enabled ?? true,
      });
      await this.audit.record(tx, {
        subjectType: 'alert_channel',
        subjectId: saved.id,
        action: 'create',
        actor,
        changes: { name: saved.name, kind: saved.kind, kinds: saved.kinds, secretSet: Boolean(dto.secret) },
      });
      return saved;
    });
    return this.get(channel.id);
  }

  async list(query: PageQuery): Promise<Page<AlertChannelView>> {
    return this.channels.list(query, (c) => this.present(c));
  }

  async get(id: number): Promise<AlertChannelView> {
    return this.present(await this.require(id));
  }

  async remove(id: number, actor: Actor): Promise<void> {
    const channel = await this.require(id);
    await this.transactions.run(async (tx) => {
      await this.channels.remove(tx, id);
      await this.audit.record(tx, { subjectType: 'alert_channel', subjectId: id, action: 'delete', actor, changes: { name: channel.name, kind: channel.kind } });
    });
  }

  async listDeliveries(channelId: number, query: PageQuery): Promise<Page<AlertDelivery>> {
    await this.require(channelId);
    return this.channels.deliveries(channelId, query);
  }

  /** Sends a test message now (recorded like any delivery) and reports the outcome. */
  async test(id: number): Promise<AlertDelivery> {
    const channel = await this.require(id);
    const delivery = await this.record(channel.id, null, 'test');
    await this.attempt(delivery.id, false);
    return (await this.channels.findDelivery(delivery.id))!;
  }

  // ---- deliveries ----

  private async onAlert(event: 'alert.opened' | 'alert.resolved', alert: Alert): Promise<void> {
    await this.fanOut(event, alert);
    if (event === 'alert.opened') await this.alerts.markNotified(alert.id);
  }

  private async fanOut(event: DeliveryEvent, alert: Alert): Promise<number> {
    const channels = await this.channels.enabled();
    let queued = 0;
    for (const channel of channels) {
      if (channel.kinds && !channel.kinds.includes(alert.kind)) continue;
      const delivery = await this.record(channel.id, alert.id, event);
      await this.queue.enqueue(DELIVERY_JOB, { deliveryId: delivery.id });
      queued++;
    }
    return queued;
  }

  /** Open alerts not notified for ALERT_REMINDER_MINUTES get a reminder. */
  async remind(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.alertReminderMinutes * 60_000);
    let sent = 0;
    for (const alert of await this.alerts.openNotNotifiedSince(cutoff)) {
      if (!alert.lastNotifiedAt) {
        // Opened before any channel saw it (e.g. during a restart): count from now.
        await this.alerts.markNotified(alert.id, now);
        continue;
      }
      await this.fanOut('alert.reminder', alert);
      await this.alerts.markNotified(alert.id, now);
      sent++;
    }
    return sent;
  }

  private record(channelId: number, alertId: number | null, event: DeliveryEvent): Promise<AlertDelivery> {
    return this.channels.insertDelivery({ channelId, alertId, event, status: 'pending', attempts: 0, lastError: null, createdAt: new Date(), sentAt: null });
  }

  /** One try of a delivery; on failure it is tried again later, up to ALERT_DELIVERY_RETRIES times. */
  private async attempt(deliveryId: number, retry = true): Promise<void> {
    const delivery = await this.channels.findDelivery(deliveryId);
    if (!delivery || delivery.status !== 'pending') return;
    const channel = await this.channels.findWithSecrets(delivery.channelId);
    if (!channel) return;
    const alert = delivery.alertId ? await this.alerts.findById(delivery.alertId) : null;
    const attempts = delivery.attempts + 1;
    try {
      await this.send(channel, composeMessage(delivery.event as DeliveryEvent, alert, this.config.appTimezone));
      await this.channels.updateDelivery(deliveryId, { status: 'sent', attempts, lastError: null, sentAt: new Date() });
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
      const again = retry && attempts <= this.config.alertDeliveryRetries;
      await this.channels.updateDelivery(deliveryId, { status: again ? 'pending' : 'failed', attempts, lastError: message });
      this.logger.warn(`delivery #${deliveryId} to channel #${channel.id} (${channel.kind}) failed (try ${attempts}): ${message}`);
      if (again) await this.queue.enqueue(DELIVERY_JOB, { deliveryId }, { delayMs: backoffDelayMs(attempts - 1, { baseMs: this.config.alertDeliveryBackoffMs }) });
    }
  }

  private async send(channel: AlertChannel, message: ReturnType<typeof composeMessage>): Promise<void> {
    const secret = channel.secret ? this.open(channel.secret) : null;
    const target = channel.targetEnc ? this.open(channel.targetEnc) : channel.target;
    await channelRegistry.require(channel.kind).send({ target, secret, message, now: Date.now() }, this.transports);
  }

  /** What channels deliver with: the guarded JSON POST and the configured SMTP server. */
  private readonly transports: ChannelTransports = {
    postJson: (url, payload, headers) => postJson(url, payload, { allowPrivate: this.config.alertAllowPrivate, timeoutMs: this.config.alertDeliveryTimeoutMs, headers }),
    sendMail: (mail) => sendSmtpMail(this.config, mail),
  };

  // ---- helpers ----

  private validTarget(kind: string, target: string): string {
    const normalised = channelRegistry.require(kind).target.normalise(target);
    if (typeof normalised !== 'string') throw fieldError('target', normalised.error);
    return normalised;
  }

  private seal(secret: string): string {
    return this.secrets.encrypt(secret);
  }

  /** Reads a stored secret; `plain:` values are from before every secret was encrypted (sealed at start, see sealLegacy). */
  private open(stored: string): string {
    if (stored.startsWith('plain:')) return stored.slice(6);
    try {
      return this.secrets.decrypt(stored);
    } catch {
      throw new Error('告警通道密钥无法解密（APP_SECRET_KEY 可能已更换），请删除该通道后重新添加');
    }
  }

  /** Targets that are credentials (webhook and robot URLs) are stored encrypted, shown masked (channels/target-mask.ts); others (e-mail addresses) as they are. */
  private sealTarget(kind: string, target: string): Pick<AlertChannel, 'target' | 'targetEnc'> {
    return channelRegistry.hasSecretTarget(kind) ? { target: maskChannelTarget(target).slice(0, 2000), targetEnc: this.seal(target) } : { target, targetEnc: null };
  }

  /** Readable copies stored under an older, weaker masking (e.g. Slack-style path tokens shown): masked again (idempotent, safe on every replica). */
  private async remaskTargets(): Promise<void> {
    const channels = await this.channels.shownTargets();
    let changed = 0;
    for (const channel of channels.filter((c) => channelRegistry.hasSecretTarget(c.kind))) {
      const masked = maskChannelTarget(channel.target).slice(0, 2000);
      if (masked === channel.target) continue;
      await this.channels.update(channel.id, { target: masked });
      changed++;
    }
    if (changed) this.logger.log(`masked the shown target of ${changed} alert channel(s) again`);
  }

  /** Channels saved before targets and secrets were all encrypted: encrypt them now (idempotent, safe on every replica). */
  private async sealLegacy(): Promise<void> {
    const legacy = await this.channels
      .possiblyUnsealed()
      .then((rows) => rows.filter((c) => (!c.targetEnc && channelRegistry.hasSecretTarget(c.kind)) || c.secret?.startsWith('plain:')));
    for (const channel of legacy) {
      const target = channelRegistry.hasSecretTarget(channel.kind) && !channel.targetEnc ? this.sealTarget(channel.kind, channel.target) : {};
      const secret = channel.secret?.startsWith('plain:') ? { secret: this.seal(channel.secret.slice(6)) } : {};
      await this.channels.update(channel.id, { ...target, ...secret });
    }
    if (legacy.length) this.logger.log(`encrypted the target or secret of ${legacy.length} alert channel(s) stored before encryption`);
  }

  private async require(id: number): Promise<AlertChannel> {
    const channel = await this.channels.findWithSecrets(id);
    if (!channel) throw new NotFoundException(`告警通道 ${id} 不存在`);
    return channel;
  }

  private present(channel: AlertChannel): AlertChannelView {
    const { secret, targetEnc: _targetEnc, ...fields } = channel;
    // Masked again on the way out: a stored copy from before the current rule never shows more than it allows.
    const target = channelRegistry.hasSecretTarget(channel.kind) ? maskChannelTarget(channel.target) : channel.target;
    return { ...fields, target, secretSet: Boolean(secret) };
  }
}
