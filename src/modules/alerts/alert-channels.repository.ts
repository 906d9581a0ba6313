import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { Page, PageQuery } from '../../common/pagination';
import { paginate } from '../../database/pagination';
import { EntityRepository, Transaction } from '../../database/transactions';
import { AlertChannel, AlertDelivery } from './alert-channel.entity';

/**
 * The `alert_channels` table and its `alert_deliveries`. The secret and the encrypted target
 * are not selected by default: only the methods saying "with secrets" read them.
 */
@Injectable()
export class AlertChannelsRepository extends EntityRepository<AlertChannel> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, AlertChannel);
  }

  private deliveryTable(): Repository<AlertDelivery> {
    return this.manager().getRepository(AlertDelivery);
  }

  insert(tx: Transaction, fields: Partial<AlertChannel>): Promise<AlertChannel> {
    return this.persist(tx, fields);
  }

  async remove(tx: Transaction, id: number): Promise<void> {
    await this.table(tx).delete(id);
  }

  async update(id: number, patch: Partial<AlertChannel>): Promise<void> {
    await this.table().update(id, patch);
  }

  /** A page of channels with the secret (to tell whether one is set). */
  list<T>(query: PageQuery, present: (channel: AlertChannel) => T): Promise<Page<T>> {
    return paginate(this.table().createQueryBuilder('c').addSelect('c.secret').orderBy('c.id', 'ASC'), query, present);
  }

  /** The channel with its secret and encrypted target. */
  findWithSecrets(id: number): Promise<AlertChannel | null> {
    return this.table().createQueryBuilder('c').addSelect(['c.secret', 'c.targetEnc']).where('c.id = :id', { id }).getOne();
  }

  enabled(): Promise<AlertChannel[]> {
    return this.table().find({ where: { enabled: true } });
  }

  /** id, kind and shown target of every channel. */
  shownTargets(): Promise<AlertChannel[]> {
    return this.table().createQueryBuilder('c').select(['c.id', 'c.kind', 'c.target']).getMany();
  }

  /** Channels (with secrets) that may hold a target or secret stored before encryption. */
  possiblyUnsealed(): Promise<AlertChannel[]> {
    return this.table().createQueryBuilder('c').addSelect(['c.secret', 'c.targetEnc']).where("c.targetEnc IS NULL OR c.secret LIKE 'plain:%'").getMany();
  }

  // ---- deliveries ----

  deliveries(channelId: number, query: PageQuery): Promise<Page<AlertDelivery>> {
    return paginate(this.deliveryTable().createQueryBuilder('d').where('d.channelId = :channelId', { channelId }).orderBy('d.id', 'DESC'), query);
  }

  findDelivery(id: number): Promise<AlertDelivery | null> {
    return this.deliveryTable().findOne({ where: { id } });
  }

  insertDelivery(fields: Partial<AlertDelivery>): Promise<AlertDelivery> {
    return this.deliveryTable().save(this.deliveryTable().create(fields));
  }

  async updateDelivery(id: number, patch: Partial<AlertDelivery>): Promise<void> {
    await this.deliveryTable().update(id, patch);
  }
}
