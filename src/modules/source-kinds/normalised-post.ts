/** What a post is on its way in, from any source (adapters, the import). Pure. */

/** A post as every adapter returns it. `publishedAt` is an instant (stored in UTC). */
export interface NormalisedPost {
  platformPostId: string;
  title: string;
  url: string | null;
  publishedAt: Date;
  isRepost: boolean;
  sourceUrl?: string | null;
  sourceName?: string | null;
  /** Plain text of the post (正文), where the source gives it; capped and hashed when stored (post-body.ts). */
  body?: string | null;
}
