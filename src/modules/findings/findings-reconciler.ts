import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { EventBus } from '../../common/events/event-bus';
import { Transaction, TransactionRunner } from '../../database/transactions';
import { maskDeep } from '../../common/personal-numbers';
import type { DetectedFinding, FindingKind } from './detectors/types';
import { FindingsRepository } from './findings.repository';
import { FindingOpenedEvent, FindingResolvedEvent, FindingRestatedEvent } from './findings.events';

export function openKeyOf(f: { kind: string; subjectType: string; subjectId: string }): string {
  return `${f.kind}:${f.subjectType}:${f.subjectId}`;
}

function fingerprint(key: string): string {
  return createHash('sha1').update(key).digest('hex');
}

/** The part of the findings table a detector pass is answerable for (what it may resolve). */
export interface Reach {
  kinds: FindingKind[];
  accountIds?: number[];
  /** Only findings about these subjects (the posts a page of an incremental scan read). */
  subjectIds?: string[];
}

export interface ReconcileCounts {
  opened: number;
  updated: number;
  resolved: number;
}

/**
 * Reconciles detector output with the `findings` table (the only writer of it): opens new
 * findings, refreshes the evidence of open ones, resolves those whose condition ended, and
 * keeps accepted ones closed unless their evidence fingerprint changes. Opening and closing
 * are told as FindingOpenedEvent / FindingResolvedEvent (the `finding` alerts follow).
 */
@Injectable()
export class FindingsReconciler {
  constructor(
    private readonly findings: FindingsRepository,
    private readonly transactions: TransactionRunner,
    private readonly bus: EventBus,
  ) {}

  /**
   * Brings the table in line with what the detectors saw, within `reach`: one open finding per
   * (kind, subject); accepted findings stay closed while their evidence fingerprint is unchanged.
   * The writes of one call commit together (one transaction, not one per finding); the events
   * are told after the commit, awaited, in order.
   */
  async reconcile(detected: DetectedFinding[], reach: Reach): Promise<ReconcileCounts> {
    const result = { opened: 0, updated: 0, resolved: 0 };
    if (!reach.kinds.length || reach.subjectIds?.length === 0) return result;
    const open = new Map((await this.findings.openOf(reach.kinds, reach.accountIds, reach.subjectIds)).map((f) => [openKeyOf(f), f]));
    const seen = new Set<string>();
    const fresh: DetectedFinding[] = [];
    const writes: ((tx: Transaction) => Promise<object | null>)[] = [];
    const now = new Date();
    // No full personal number is ever stored, whatever a detector put in its text (personal-numbers.ts).
    for (const d of detected.map(maskDeep)) {
      const key = openKeyOf(d);
      if (seen.has(key)) continue;
      seen.add(key);
      const existing = open.get(key);
      if (!existing) {
        fresh.push(d);
        continue;
      }
      const evidenceKey = fingerprint(d.evidenceKey);
      const message = d.message.slice(0, 1000);
      if (existing.evidenceKey !== evidenceKey || existing.message !== message || JSON.stringify(existing.evidence) !== JSON.stringify(d.evidence)) {
        result.updated++;
        writes.push(async (tx) => {
          await this.findings.update(existing.id, { evidence: d.evidence as never, evidenceKey, message, lastSeenAt: now, accountId: d.accountId, unitId: d.unitId }, tx);
          return existing.message !== message ? new FindingRestatedEvent(existing.id, d.kind, message) : null;
        });
      }
    }
    const accepted = await this.latestAccepted(fresh);
    for (const d of fresh) {
      const evidenceKey = fingerprint(d.evidenceKey);
      if (accepted.get(openKeyOf(d)) === evidenceKey) continue;
      writes.push(async (tx) => {
        const id = await this.open(d, evidenceKey, now, tx);
        if (id === null) return null;
        result.opened++;
        return new FindingOpenedEvent(id, d.kind, d.unitId, d.accountId, d.subjectType, d.subjectId, d.message);
      });
    }
    for (const [key, finding] of open) {
      if (seen.has(key)) continue;
      writes.push(async (tx) => {
        if (!(await this.findings.closeIfOpen(finding.id, { status: 'resolved', resolvedAt: now }, tx))) return null;
        result.resolved++;
        return new FindingResolvedEvent(finding.id, 'resolved');
      });
    }
    if (!writes.length) return result;
    const told = await this.transactions.run(async (tx) => {
      const events: object[] = [];
      for (const write of writes) {
        const event = await write(tx);
        if (event) events.push(event);
      }
      return events;
    });
    // Awaited: the `finding` alerts follow; a failure fails the scan (as when this raised it itself).
    for (const event of told) await this.bus.emitRequired(event);
    return result;
  }

  /** The evidence fingerprint of the latest accepted finding per subject, for these subjects. */
  private async latestAccepted(detected: DetectedFinding[]): Promise<Map<string, string>> {
    const result = new Map<string, { id: number; key: string }>();
    const kinds = [...new Set(detected.map((d) => d.kind))];
    for (const kind of kinds) {
      const subjects = [...new Set(detected.filter((d) => d.kind === kind).map((d) => d.subjectId))];
      for (let i = 0; i < subjects.length; i += 500) {
        const rows = await this.findings.acceptedAbout(kind, subjects.slice(i, i + 500));
        for (const f of rows) {
          const key = openKeyOf(f);
          const known = result.get(key);
          if (!known || f.id > known.id) result.set(key, { id: f.id, key: f.evidenceKey });
        }
      }
    }
    return new Map([...result].map(([k, v]) => [k, v.key]));
  }

  /** Inserts an open finding; null when another worker opened it first (the unique open key held). */
  private async open(d: DetectedFinding, evidenceKey: string, now: Date, tx: Transaction): Promise<number | null> {
    try {
      return await this.findings.insertOpen(
        {
          kind: d.kind,
          status: 'open',
          subjectType: d.subjectType,
          subjectId: d.subjectId,
          accountId: d.accountId,
          unitId: d.unitId,
          message: d.message.slice(0, 1000),
          evidence: d.evidence,
          evidenceKey,
          openKey: openKeyOf(d),
          detectedAt: now,
          lastSeenAt: now,
          resolvedAt: null,
          acceptedAt: null,
          acceptedById: null,
          acceptedBy: null,
          acceptReason: null,
        },
        tx,
      );
    } catch (error) {
      if (error instanceof QueryFailedError) return null;
      throw error;
    }
  }
}
