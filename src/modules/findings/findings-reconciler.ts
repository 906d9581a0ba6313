import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { EventBus } from '../../common/events/event-bus';
import { maskDeep } from '../../common/personal-numbers';
import type { DetectedFinding, FindingKind } from './detectors/types';
import { Finding } from './finding.entity';
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
    private readonly bus: EventBus,
  ) {}

  /**
   * Brings the table in line with what the detectors saw, within `reach`: one open finding per
   * (kind, subject); accepted findings stay closed while their evidence fingerprint is unchanged.
   */
  async reconcile(detected: DetectedFinding[], reach: Reach): Promise<ReconcileCounts> {
    const result = { opened: 0, updated: 0, resolved: 0 };
    if (!reach.kinds.length || reach.subjectIds?.length === 0) return result;
    const open = new Map((await this.findings.openOf(reach.kinds, reach.accountIds, reach.subjectIds)).map((f) => [openKeyOf(f), f]));
    const seen = new Set<string>();
    const fresh: DetectedFinding[] = [];
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
        await this.findings.update(existing.id, { evidence: d.evidence as never, evidenceKey, message, lastSeenAt: now, accountId: d.accountId, unitId: d.unitId });
        if (existing.message !== message) await this.bus.emitRequired(new FindingRestatedEvent(existing.id, d.kind, message));
        result.updated++;
      }
    }
    const accepted = await this.latestAccepted(fresh);
    for (const d of fresh) {
      const evidenceKey = fingerprint(d.evidenceKey);
      if (accepted.get(openKeyOf(d)) === evidenceKey) continue;
      const created = await this.open(d, evidenceKey, now);
      if (created) result.opened++;
    }
    for (const [key, finding] of open) {
      if (seen.has(key)) continue;
      if (await this.close(finding.id, { status: 'resolved', resolvedAt: now })) result.resolved++;
    }
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

  private async open(d: DetectedFinding, evidenceKey: string, now: Date): Promise<Finding | null> {
    let finding: Finding;
    try {
      finding = await this.findings.insert({
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
      });
    } catch (error) {
      // Another worker opened it between our read and our insert: the unique open key held.
      if (error instanceof QueryFailedError) return null;
      throw error;
    }
    // Awaited: the `finding` alert follows; a failure fails the scan (as when this raised it itself).
    await this.bus.emitRequired(new FindingOpenedEvent(finding.id, d.kind, finding.unitId, d.accountId, d.subjectType, d.subjectId, d.message));
    return finding;
  }

  /** Resolves an open finding (its condition ended) and tells FindingResolvedEvent (its alert follows). */
  private async close(id: number, patch: Pick<Finding, 'status' | 'resolvedAt'>): Promise<boolean> {
    if (!(await this.findings.closeIfOpen(id, patch))) return false;
    await this.bus.emitRequired(new FindingResolvedEvent(id, patch.status === 'accepted' ? 'accepted' : 'resolved'));
    return true;
  }
}
