import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DateTimeColumn, VarcharColumn } from '../../common/columns';

/** How a post came in: a kind of the source-kind registry (source-kinds/source-kind-registry.ts); `manual` for the import. */
export type PostOrigin = string;

/** A post (发布) or repost (转发) of an account, stored once per (account, platformPostId). */
@Entity('posts')
@Unique('uq_posts_account_platform_post', ['accountId', 'platformPostId'])
// With is_repost: a unit's original posts in a period are counted from the index alone (inspections, reports).
@Index('idx_posts_account_published_repost', ['accountId', 'publishedAt', 'isRepost'])
@Index('idx_posts_published', ['publishedAt'])
// The findings scan's "what changed" pass reads this narrow index, never the bodies (migration 1732800002700).
@Index('idx_posts_id_content_hash', ['id', 'contentHash'])
export class Post {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'account_id', type: 'int' })
  accountId: number;

  @VarcharColumn(191, { name: 'platform_post_id' })
  platformPostId: string;

  @VarcharColumn(500)
  title: string;

  @VarcharColumn(2000, { nullable: true })
  url: string | null;

  @DateTimeColumn({ name: 'published_at', nullable: false })
  publishedAt: Date;

  @Column({ name: 'is_repost', type: 'boolean', default: false })
  isRepost: boolean;

  @VarcharColumn(2000, { name: 'source_url', nullable: true })
  sourceUrl: string | null;

  @VarcharColumn(200, { name: 'source_name', nullable: true })
  sourceName: string | null;

  @VarcharColumn(16)
  origin: PostOrigin;

  /** Plain text (正文), capped at MAX_BODY_CHARS (source-kinds/post-body.ts); null when the source gives none. */
  @Column({ type: 'text', nullable: true, select: false })
  body: string | null;

  /** The body was cut at the cap. */
  @Column({ name: 'body_truncated', type: 'boolean', default: false })
  bodyTruncated: boolean;

  /** sha256 of title and body: an incremental scan re-reads a post only when it changes. */
  @VarcharColumn(64, { name: 'content_hash', nullable: true })
  contentHash: string | null;

  @DateTimeColumn({ name: 'created_at', nullable: false })
  createdAt: Date;
}
