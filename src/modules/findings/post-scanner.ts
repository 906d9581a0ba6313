import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ErrorWordsService } from '../error-words/error-words.service';
import { LeadersService } from '../leaders/leaders.service';
import { FindingsReadRepository } from '../reporting/findings-read.repository';
import { evaluateAll, kindsReading } from './detectors/evaluate';
import type { DetectorContext } from './detectors/types';
import { FindingsReconciler, ReconcileCounts } from './findings-reconciler';
import { FindingsRepository } from './findings.repository';
import { PostScansRepository } from './post-scans.repository';
import { rulesetFingerprint } from './ruleset';

/** Posts read and checked at once: bounded memory whatever the number of posts. */
export const POST_PAGE = 1000;

export interface PostScanOptions {
  /** Only these accounts' posts (after a poll or an import); absent = every post. */
  accountIds?: number[];
  /** Every post, changed or not (else only new and changed ones, or all when the ruleset changed). */
  full?: boolean;
  now?: Date;
  /** Called after each page (the run's progress). */
  onProgress?: (progress: PostScanCounts) => Promise<void>;
}

export interface PostScanCounts extends ReconcileCounts {
  /** Posts run through the detectors. */
  posts: number;
  /** Posts in reach when the scan started. */
  postsTotal: number;
  /** Posts left alone: same content, same ruleset as their last scan. */
  skipped: number;
  ruleset: string;
}

/**
 * The incremental post scan (全文检查): reads only posts that are new, whose content hash
 * changed, or that were scanned under another ruleset fingerprint (ruleset.ts), a page at a
 * time by keyset; reconciles each page's findings about exactly those posts (a hit that is
 * gone resolves), then records what each post was scanned with. Findings about posts that no
 * longer exist resolve.
 */
@Injectable()
export class PostScanner {
  private lastRuleset: { library: DetectorContext['errorWords']; leadersKey: string; ruleset: string } | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly data: FindingsReadRepository,
    private readonly postScans: PostScansRepository,
    private readonly findings: FindingsRepository,
    private readonly reconciler: FindingsReconciler,
    private readonly errorWords: ErrorWordsService,
    private readonly leaders: LeadersService,
  ) {}

  /** The post detectors' context (library, leaders) and its fingerprint. */
  async rules(now = new Date()): Promise<{ context: DetectorContext; ruleset: string }> {
    const errorWords = await this.errorWords.compiled();
    const leaders = await this.leaders.terms();
    const context: DetectorContext = { now, timeZone: this.config.appTimezone, inactiveDays: this.config.inactiveDays, errorWords, leaders };
    const detectorKinds = kindsReading('posts');
    // The same compiled library (unchanged rows) and the same leaders: the same fingerprint, not hashed again.
    const leadersKey = JSON.stringify([detectorKinds, leaders]);
    const last = this.lastRuleset;
    if (last && last.library === errorWords && last.leadersKey === leadersKey) return { context, ruleset: last.ruleset };
    const ruleset = rulesetFingerprint({ detectorKinds, words: errorWords.words, leaders, timeZone: this.config.appTimezone });
    this.lastRuleset = { library: errorWords, leadersKey, ruleset };
    return { context, ruleset };
  }

  async scan(options: PostScanOptions = {}): Promise<PostScanCounts> {
    const { context, ruleset } = await this.rules(options.now);
    const counts: PostScanCounts = { posts: 0, postsTotal: 0, skipped: 0, opened: 0, updated: 0, resolved: 0, ruleset };
    const kinds = kindsReading('posts');
    if (!kinds.length) return counts;
    counts.postsTotal = await this.data.countPosts(options.accountIds);
    await options.onProgress?.(counts);
    for (let afterId = 0; ;) {
      const ids = await this.data.stalePostIds(afterId, POST_PAGE, ruleset, options);
      if (!ids.length) break;
      const posts = await this.data.postsByIds(ids);
      add(counts, await this.reconciler.reconcile(evaluateAll('posts', posts, context), { kinds, subjectIds: ids.map(String) }));
      // Recorded after the page's findings are stored: a scan cut short rescans these posts.
      await this.postScans.record(
        posts.map((p) => ({ postId: p.id, contentHash: p.contentHash ?? '' })),
        ruleset,
      );
      counts.posts += posts.length;
      afterId = ids[ids.length - 1];
      if (ids.length < POST_PAGE) break;
      await options.onProgress?.(counts);
    }
    add(counts, await this.resolveGone(kinds, options.accountIds));
    if (options.full && !options.accountIds) await this.postScans.forgetGone();
    counts.skipped = Math.max(0, counts.postsTotal - counts.posts);
    return counts;
  }

  /** Open findings about posts that no longer exist resolve. */
  private async resolveGone(kinds: string[], accountIds?: number[]): Promise<ReconcileCounts> {
    const subjects = await this.findings.openPostSubjects(kinds, accountIds);
    const existing = await this.data.existingPostIds(subjects.map(Number).filter(Number.isSafeInteger));
    const gone = subjects.filter((s) => !existing.has(Number(s)));
    return this.reconciler.reconcile([], { kinds, subjectIds: gone });
  }
}

function add(into: ReconcileCounts, part: ReconcileCounts): void {
  into.opened += part.opened;
  into.updated += part.updated;
  into.resolved += part.resolved;
}
