import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Page } from '../../common/pagination';
import { containsText, likePattern, paginate } from '../../database/pagination';
import { EntityRepository, Transaction } from '../../database/transactions';
import { User } from './user.entity';
import type { ListUsersQuery } from './users.dto';

/** The `users` table. The password hash is read only by the two methods that say so. */
@Injectable()
export class UsersRepository extends EntityRepository<User> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, User);
  }

  count(): Promise<number> {
    return this.table().count();
  }

  findById(id: number, tx?: Transaction): Promise<User | null> {
    return this.table(tx).findOne({ where: { id } });
  }

  findByUsername(username: string, tx?: Transaction): Promise<User | null> {
    return this.table(tx).findOne({ where: { username } });
  }

  /** The user with the password hash (not selected by default). */
  findWithHashById(id: number): Promise<User | null> {
    return this.table().createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id }).getOne();
  }

  /** The user with the password hash (not selected by default). */
  findWithHashByUsername(username: string): Promise<User | null> {
    return this.table().createQueryBuilder('u').addSelect('u.passwordHash').where('u.username = :username', { username }).getOne();
  }

  idsAndNames(ids: number[]): Promise<Pick<User, 'id' | 'username'>[]> {
    return this.table().find({ where: { id: In(ids) }, select: { id: true, username: true } });
  }

  list(query: ListUsersQuery): Promise<Page<User>> {
    const qb = this.table().createQueryBuilder('u').orderBy('u.id', 'ASC');
    if (query.q?.trim()) qb.andWhere(containsText(['u.username', 'u.displayName'], 'q'), { q: likePattern(query.q.trim()) });
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.unitId) qb.andWhere('u.unitId = :unitId', { unitId: query.unitId });
    return paginate(qb, query);
  }

  /** Inserts a new user or saves a loaded one. */
  save(tx: Transaction | undefined, user: User | Partial<User>): Promise<User> {
    return this.persist(tx, user);
  }

  setPasswordHash(id: number, passwordHash: string): Promise<unknown> {
    return this.table().update(id, { passwordHash });
  }

  /** A new password that also ends every session (the token version is in each token). */
  changePassword(tx: Transaction, id: number, passwordHash: string): Promise<unknown> {
    return this.table(tx).update(id, { passwordHash, tokenVersion: () => 'token_version + 1' });
  }
}
