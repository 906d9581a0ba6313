import { ConflictException, Inject, Injectable, Logger, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import * as bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { EventBus } from '../../common/events/event-bus';
import { Page } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { passwordProblem } from '../../common/password-policy';
import { fieldError } from '../../common/validation';
import { TransactionRunner } from '../../database/transactions';
import { AuditService, diffFields } from '../audit/audit.service';
import { UnitsService } from '../units/units.service';
import { User } from './user.entity';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './users.dto';
import { UserChangedEvent } from './users.events';
import { UsersRepository } from './users.repository';
import { UserView } from './users.responses';

/** bcrypt work factor (SECURITY.md): at least 12; older, cheaper hashes are upgraded at the next login. */
export const BCRYPT_COST = 12;
let dummyHash: Promise<string> | undefined;
/** Compared against when the username is unknown, so timing does not reveal who exists (made once, on first use). */
function dummy(): Promise<string> {
  dummyHash ??= bcrypt.hash('not-a-real-password', BCRYPT_COST);
  return dummyHash;
}

/** Users and their roles: the only writer of the `users` table. Passwords never leave it. */
@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger('UsersService');

  constructor(
    private readonly users: UsersRepository,
    private readonly transactions: TransactionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
  ) {}

  /** First start: create the bootstrap admin when there is no user at all. */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const problem = this.config.adminPassword ? passwordProblem(this.config.adminPassword) : null;
    if (problem) {
      throw new Error(
        `ADMIN_PASSWORD 不符合密码规则，未创建初始管理员：${problem} / ADMIN_PASSWORD does not meet the password policy (8+ characters, three of lower-case, upper-case, digits, symbols): the initial admin was not created`,
      );
    }
    const generated = !this.config.adminPassword;
    const password = this.config.adminPassword ?? randomBytes(12).toString('base64url');
    await this.users.save(undefined, { username: this.config.adminUsername, passwordHash: await bcrypt.hash(password, BCRYPT_COST), role: 'admin', unitId: null, disabled: false });
    if (generated) {
      // Printed once, on purpose outside the JSON log, so the person starting it sees it.
      process.stdout.write(
        `\n初始管理员已创建 / Initial admin created: username=${this.config.adminUsername} password=${password}\n` +
          '请登录后立即修改密码 / Change it after the first login. This password is not shown again.\n\n',
      );
    } else {
      this.logger.log(`Initial admin "${this.config.adminUsername}" created from ADMIN_PASSWORD`);
    }
  }

  /** The enabled user as an Actor (e.g. a background job acting for whoever asked); null when gone or disabled. */
  async findActor(id: number): Promise<Actor | null> {
    return (await this.findSession(id))?.actor ?? null;
  }

  /**
   * The enabled user behind a token, as an Actor, with the user's current token version (a token
   * carrying another version was issued before a password change); null when gone or disabled.
   */
  async findSession(id: number): Promise<{ actor: Actor; tokenVersion: number } | null> {
    const user = await this.users.findById(id);
    if (!user || user.disabled) return null;
    return { actor: { id: user.id, username: user.username, role: user.role, unitId: user.unitId }, tokenVersion: user.tokenVersion };
  }

  /**
   * A user changes their own password (POST /api/auth/password): the new one meets the policy
   * (400 naming `newPassword`), the current one must match (else false, nothing changed). The
   * token version is raised, so every token issued before stops working; the audit entry
   * records that the password changed, never a password or hash.
   */
  async changeOwnPassword(actor: Actor, currentPassword: string, newPassword: string): Promise<boolean> {
    const problem = passwordProblem(newPassword, actor.username);
    if (problem) throw fieldError('newPassword', problem.replace('密码', '新密码'));
    const user = await this.users.findWithHashById(actor.id);
    if (!user || user.disabled) throw new NotFoundException(`用户 ${actor.id} 不存在`);
    if (!(await bcrypt.compare(currentPassword, user.passwordHash))) return false;
    if (currentPassword === newPassword) throw fieldError('newPassword', '新密码不能与当前密码相同');
    const passwordHash = await bcrypt.hash(newPassword, BCRYPT_COST);
    await this.transactions.run(async (tx) => {
      await this.users.changePassword(tx, actor.id, passwordHash);
      await this.audit.record(tx, { subjectType: 'user', subjectId: actor.id, action: 'change_password', actor, changes: { password: { from: '***', to: '***' } } });
    });
    return true;
  }

  /** The user when the password matches and the account is enabled. Constant work either way. */
  async verifyCredentials(username: string, password: string): Promise<User | null> {
    const user = await this.users.findWithHashByUsername(username);
    // Unknown users still cost one bcrypt comparison, so timing does not reveal who exists.
    const hash = user?.passwordHash ?? (await dummy());
    const matches = await bcrypt.compare(password, hash);
    if (!user || !matches || user.disabled) return null;
    if (bcrypt.getRounds(hash) < BCRYPT_COST) {
      // A hash made with a smaller work factor (before the policy): re-hash now that the password is known.
      await this.users.setPasswordHash(user.id, await bcrypt.hash(password, BCRYPT_COST));
    }
    return user;
  }

  /** id → username, for showing who did something. */
  async usernames(ids: number[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const users = await this.users.idsAndNames(unique);
    return new Map(users.map((u) => [u.id, u.username]));
  }

  async get(id: number): Promise<UserView> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundException(`用户 ${id} 不存在`);
    return this.present([user]).then((views) => views[0]);
  }

  async list(query: ListUsersQuery): Promise<Page<UserView>> {
    const page = await this.users.list(query);
    return { ...page, items: await this.present(page.items) };
  }

  async create(dto: CreateUserDto, actor: Actor): Promise<UserView> {
    assertPasswordPolicy(dto.password, dto.username);
    const unitId = await this.checkedUnit(dto.role, dto.unitId ?? null);
    const user = await this.transactions.run(async (tx) => {
      if (await this.users.findByUsername(dto.username, tx)) {
        throw new ConflictException(`用户名“${dto.username}”已存在`);
      }
      const created = await this.users.save(tx, {
        username: dto.username,
        passwordHash: await bcrypt.hash(dto.password, BCRYPT_COST),
        role: dto.role,
        unitId,
        displayName: dto.displayName ?? null,
        disabled: false,
      });
      await this.audit.record(tx, {
        subjectType: 'user',
        subjectId: created.id,
        action: 'create',
        actor,
        changes: { username: created.username, role: created.role, unitId },
      });
      return created;
    });
    return this.get(user.id);
  }

  async update(id: number, dto: UpdateUserDto, actor: Actor): Promise<UserView> {
    const event = await this.transactions.run(async (tx): Promise<UserChangedEvent | null> => {
      const user = await this.users.findById(id, tx);
      if (!user) throw new NotFoundException(`用户 ${id} 不存在`);
      const role = dto.role ?? user.role;
      // Leaving the operator role drops the unit unless the request says otherwise.
      const requestedUnit = dto.unitId !== undefined ? dto.unitId : role === 'operator' ? user.unitId : null;
      const unitId = await this.checkedUnit(role, requestedUnit);
      if (id === actor.id && (dto.disabled === true || (dto.role && dto.role !== 'admin'))) {
        throw new ConflictException('不能停用自己或取消自己的管理员角色，请由另一位管理员操作');
      }
      const changes = diffFields(user, { role, unitId, displayName: dto.displayName, disabled: dto.disabled });
      const before = { displayName: user.displayName, role: user.role, unitId: user.unitId, disabled: user.disabled };
      Object.assign(user, Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c.to])));
      if (dto.password) {
        assertPasswordPolicy(dto.password, user.username);
        user.passwordHash = await bcrypt.hash(dto.password, BCRYPT_COST);
        // An admin's reset ends every session the user had (the token version is in each token).
        user.tokenVersion += 1;
        changes.password = { from: '***', to: '***' };
      }
      if (!Object.keys(changes).length) return null;
      await this.users.save(tx, user);
      await this.audit.record(tx, { subjectType: 'user', subjectId: id, action: 'update', actor, changes });
      return new UserChangedEvent(
        { id: user.id, username: user.username, displayName: user.displayName, role: user.role, unitId: user.unitId, disabled: user.disabled },
        before,
        changes,
        actor,
      );
    });
    // After commit, awaited (handover flags are set before the answer); a failing listener is logged.
    if (event) await this.bus.emit(event);
    return this.get(id);
  }

  /** Operators need a unit; other roles may not carry one (their scope is everything). */
  private async checkedUnit(role: User['role'], unitId: number | null): Promise<number | null> {
    if (role !== 'operator') {
      if (unitId !== null) throw fieldError('unitId', '只有信息员需要所属单位；其他角色请不要填写 unitId');
      return null;
    }
    if (unitId === null) throw fieldError('unitId', '信息员必须指定所属单位');
    const unit = await this.units.requireReferenced(unitId, 'unitId');
    if (unit.status !== 'active') throw fieldError('unitId', `单位“${unit.name}”已撤并，不能再分配信息员`);
    return unitId;
  }

  private async present(users: User[]): Promise<UserView[]> {
    const units = await this.units.findByIds(users.map((u) => u.unitId).filter((id): id is number => id !== null));
    const names = new Map(units.map((u) => [u.id, u.name]));
    return users.map((u) => ({
      id: u.id,
      username: u.username,
      role: u.role,
      unitId: u.unitId,
      unitName: u.unitId === null ? null : (names.get(u.unitId) ?? null),
      displayName: u.displayName,
      disabled: u.disabled,
      createdAt: u.createdAt,
      updatedAt: u.updatedAt,
    }));
  }
}

/** The policy of common/password-policy.ts, with the rule that needs the username; 400 naming the field. */
function assertPasswordPolicy(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw fieldError('password', problem);
}
