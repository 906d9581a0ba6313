import { BadRequestException, Injectable } from '@nestjs/common';
import type { Actor } from '../../common/roles';
import { TransactionRunner } from '../../database/transactions';
import { EventBus } from '../../common/events/event-bus';
import { AuditService } from '../audit/audit.service';
import { LeadersChangedEvent } from './leaders.events';
import { Leader } from './leader.entity';
import { cleanTerm, LeaderTerm, MAX_LEADERS, termProblems } from './leader-terms';
import { LeadersRepository } from './leaders.repository';
import { LeaderView } from './leaders.responses';

/** Leaders' names and terms (领导姓名职务), which the leader_title_error check compares posts with. */
@Injectable()
export class LeadersService {
  constructor(
    private readonly leaders: LeadersRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
  ) {}

  async list(): Promise<LeaderView[]> {
    return (await this.leaders.all()).map(present);
  }

  /** The terms as the detector reads them. */
  async terms(): Promise<LeaderTerm[]> {
    return (await this.leaders.all()).map((l) => ({ name: l.name, title: l.title, validFrom: l.validFrom, validTo: l.validTo }));
  }

  /** PUT: replaces the whole list; any problem refuses all of it (400 naming each entry). */
  async replace(body: unknown, actor: Actor): Promise<LeaderView[]> {
    if (!Array.isArray(body)) throw refusal('请求体应为领导信息数组：[{name, title, validFrom?, validTo?}]', []);
    if (body.length > MAX_LEADERS) throw refusal(`领导信息最多 ${MAX_LEADERS} 条，收到 ${body.length} 条`, []);
    const shapeless = body.findIndex((item) => typeof item !== 'object' || item === null || Array.isArray(item));
    if (shapeless >= 0) throw refusal(`第 ${shapeless + 1} 条不是对象，应为 {name, title, validFrom?, validTo?}`, []);
    const unknown = unknownFields(body as Record<string, unknown>[]);
    if (unknown.length) throw refusal(unknown.map((u) => u.message).join('；'), unknown);
    const terms = (body as Record<string, unknown>[]).map(cleanTerm);
    const problems = termProblems(terms);
    if (problems.length)
      throw refusal(
        problems.map((p) => p.message).join('；'),
        problems.map((p) => ({ index: p.index, message: p.message })),
      );
    const changed = await this.transactions.run(async (tx) => {
      const before = await this.leaders.all(tx);
      // The same list again changes nothing and records nothing.
      if (sameTerms(before, terms)) return false;
      await this.leaders.replaceAll(tx, terms);
      await this.audit.record(tx, {
        subjectType: 'leaders',
        subjectId: 0,
        action: 'replace',
        actor,
        reason: `领导信息更新：${before.length} 条 → ${terms.length} 条`,
        changes: { before: before.map(summary), after: terms.map(summary) },
      });
      return true;
    });
    // After commit: the findings module rescans the posts under the new list (debounced).
    if (changed) await this.bus.emit(new LeadersChangedEvent(terms.length));
    return this.list();
  }
}

function summary(t: Pick<LeaderTerm, 'name' | 'title' | 'validFrom' | 'validTo'>): string {
  return `${t.name} ${t.title} ${t.validFrom ?? '…'}~${t.validTo ?? '…'}`;
}

function present(l: Leader): LeaderView {
  return { id: l.id, name: l.name, title: l.title, validFrom: l.validFrom, validTo: l.validTo, updatedAt: l.updatedAt };
}

const FIELDS = new Set(['name', 'title', 'validFrom', 'validTo']);

function unknownFields(items: Record<string, unknown>[]): { index: number; field: string; message: string }[] {
  return items.flatMap((item, index) =>
    Object.keys(item)
      .filter((key) => !FIELDS.has(key))
      .map((key) => ({ index, field: `${index}.${key}`, message: `第 ${index + 1} 条含有未知字段“${key.slice(0, 40)}”，只能填 name、title、validFrom、validTo` })),
  );
}

function sameTerms(before: Leader[], after: LeaderTerm[]): boolean {
  const keys = (list: Pick<LeaderTerm, 'name' | 'title' | 'validFrom' | 'validTo'>[]) => list.map(summary).sort().join('\n');
  return before.length === after.length && keys(before) === keys(after);
}

function refusal(message: string, errors: { index: number; field?: string; message: string }[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message, ...(errors.length ? { errors } : {}) });
}
