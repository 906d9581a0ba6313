/**
 * One measuring run of bench/scan (started by run.ts in a fresh process, so the peak RSS is the
 * scan's): the application's PostScanner over the database in argv[2]. Prints one JSON line.
 */
import 'reflect-metadata';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { EventBus } from '../../src/common/events/event-bus';
import type { AppConfig } from '../../src/config/app-config';
import { TransactionRunner } from '../../src/database/transactions';
import { Account } from '../../src/modules/accounts/account.entity';
import type { AuditService } from '../../src/modules/audit/audit.service';
import { ErrorWord, ErrorWordAllow } from '../../src/modules/error-words/error-word.entity';
import { ErrorWordsRepository } from '../../src/modules/error-words/error-words.repository';
import { ErrorWordsService } from '../../src/modules/error-words/error-words.service';
import { findErrorWords, normalizeText } from '../../src/modules/error-words/matcher';
import { Finding, FindingScan, PostScan } from '../../src/modules/findings/finding.entity';
import { FindingsReconciler } from '../../src/modules/findings/findings-reconciler';
import { FindingsRepository } from '../../src/modules/findings/findings.repository';
import { PostScanner } from '../../src/modules/findings/post-scanner';
import { PostScansRepository } from '../../src/modules/findings/post-scans.repository';
import { Leader } from '../../src/modules/leaders/leader.entity';
import { LeadersRepository } from '../../src/modules/leaders/leaders.repository';
import { LeadersService } from '../../src/modules/leaders/leaders.service';
import { Post } from '../../src/modules/posts/post.entity';
import { FindingsReadRepository } from '../../src/modules/reporting/findings-read.repository';
import { Unit } from '../../src/modules/units/unit.entity';
import { buildPosts, buildRules } from './corpus';
import { insertPosts, SQLITE_PRAGMAS } from './db-setup';

export interface Figures {
  fullMs: number;
  fullCpuMs: number;
  fullFindings: number;
  fullPosts: number;
  incMs: number;
  incCpuMs: number;
  incPosts: number;
  idleMs: number;
  naiveMs: number;
  onePassMs: number;
  naiveHits: number;
  onePassHits: number;
  peakRssMb: number;
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return { result, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

function scannerOver(db: DataSource): PostScanner {
  const config = { appTimezone: 'Asia/Shanghai', inactiveDays: 14 } as AppConfig;
  const bus = new EventBus(new EventEmitter2());
  const transactions = new TransactionRunner(db);
  const audit = {} as AuditService;
  const errorWords = new ErrorWordsService(new ErrorWordsRepository(db), transactions, audit, config, bus);
  const leaders = new LeadersService(new LeadersRepository(db), transactions, audit, bus);
  const findings = new FindingsRepository(db);
  return new PostScanner(config, new FindingsReadRepository(db), new PostScansRepository(db), findings, new FindingsReconciler(findings, transactions, bus), errorWords, leaders);
}

/** What the matcher did before: every word, indexOf over the normalised title and body. */
function naiveErrorWords(texts: string[], words: string[]): number {
  let hits = 0;
  for (const text of texts) {
    const norm = normalizeText(text);
    for (const word of words) if (norm.indexOf(word) !== -1) hits++;
  }
  return hits;
}

export async function measure(file: string, posts: number, naivePosts: number): Promise<Figures> {
  const db = new DataSource({
    type: 'better-sqlite3',
    database: file,
    entities: [Post, Account, Unit, Finding, FindingScan, PostScan, ErrorWord, ErrorWordAllow, Leader],
    prepareDatabase: SQLITE_PRAGMAS,
  });
  await db.initialize();
  const scanner = scannerOver(db);
  let peakRss = 0;
  const sample = async () => void (peakRss = Math.max(peakRss, process.memoryUsage().rss));

  const full = await timed(() => scanner.scan({ full: true, onProgress: sample }));
  await sample();

  const rules = buildRules(Number(process.env.BENCH_WORDS ?? 5_000));
  const fresh = buildPosts(1000, rules, 7, posts + 1);
  await db.transaction((m) => insertPosts(m, fresh));
  const inc = await timed(() => scanner.scan({ onProgress: sample }));
  const idle = await timed(() => scanner.scan());

  // The same texts for both: titles and bodies of the first posts, read from the database.
  const rows: { title: string; body: string | null }[] = await db.query('SELECT title, body FROM posts ORDER BY id LIMIT ?', [naivePosts]);
  const texts = rows.flatMap((r) => [r.title, r.body ?? '']);
  const { context } = await scanner.rules();
  const onePass = await timed(async () => texts.reduce((n, t) => n + findErrorWords(t, context.errorWords).length, 0));
  const words = context.errorWords.words.map((w) => w.wrongNorm);
  const naive = await timed(async () => naiveErrorWords(texts, words));
  await sample();
  await db.destroy();
  const findings = full.result.opened;
  return {
    fullMs: full.ms,
    fullCpuMs: full.cpuMs,
    fullFindings: findings,
    fullPosts: full.result.posts,
    incMs: inc.ms,
    incCpuMs: inc.cpuMs,
    incPosts: inc.result.posts,
    idleMs: idle.ms,
    naiveMs: naive.ms,
    onePassMs: onePass.ms,
    naiveHits: naive.result,
    onePassHits: onePass.result,
    peakRssMb: Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / (1024 * 1024),
  };
}

if (require.main === module) {
  const [file, posts, naivePosts] = process.argv.slice(2);
  measure(file, Number(posts), Number(naivePosts))
    .then((figures) => console.log(JSON.stringify(figures)))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
