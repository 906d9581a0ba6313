import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { decodeBody, isHtml } from './page';
import { pageParts } from './gone/html-parts';
import { jaccard, shinglesOf } from './gone/similarity';
import type { RawResponse } from './transport';

/** What a site answered for a nonsense path: where it ended and the page's shingles. */
interface Fingerprint {
  finalUrl: string;
  grams: Set<string>;
}

/** A fetched page (after redirects), or null when the fetch gave no 2xx answer. */
export type FetchPage = (url: URL) => Promise<{ response: RawResponse; finalUrl: URL } | null>;

const CACHE_SIZE = 5_000;
/** Shingle similarity from which two pages count as the same page. */
const SAME_PAGE = 0.9;

/**
 * The random-sibling fingerprint (soft-404 catch-all sites): fetch a nonsense path in the link's
 * folder once per folder; if the site answers 2xx with the same page as the link, the link's
 * page says nothing about the link. Pure Node; the fetch is the checker's (same limits).
 */
export class RandomPathProbe {
  private readonly fingerprints = new Map<string, Promise<Fingerprint | null>>();

  clear(): void {
    this.fingerprints.clear();
  }

  async matches(link: URL, finalUrl: URL, response: RawResponse, fetchPage: FetchPage): Promise<boolean> {
    if (link.pathname === '/' || link.pathname === '') return false;
    const folder = link.pathname.replace(/[^/]*$/, '');
    const key = `${link.origin}${folder}`;
    let probe = this.fingerprints.get(key);
    if (!probe) {
      const token = `zz${randomBytes(8).toString('hex')}`;
      probe = this.fingerprint(new URL(`${folder}${token}`, link.origin), token, fetchPage);
      if (this.fingerprints.size >= CACHE_SIZE) this.fingerprints.delete(this.fingerprints.keys().next().value as string);
      this.fingerprints.set(key, probe);
    }
    const fingerprint = await probe;
    if (!fingerprint) return false;
    if (fingerprint.finalUrl === finalUrl.href && finalUrl.href !== link.href) return true;
    const segments = decodeURIComponent(link.pathname).split('/').filter(Boolean);
    const page = shinglesOf(pageParts(decodeBody(response.headers, response.body)), segments);
    return jaccard(page, fingerprint.grams) >= SAME_PAGE;
  }

  private async fingerprint(sibling: URL, token: string, fetchPage: FetchPage): Promise<Fingerprint | null> {
    const got = await fetchPage(sibling);
    if (!got || got.response.status < 200 || got.response.status >= 300) return null;
    if (!isHtml(got.response.headers, got.response.body)) return null;
    const segments = decodeURIComponent(sibling.pathname).split('/').filter(Boolean);
    return { finalUrl: got.finalUrl.href, grams: shinglesOf(pageParts(decodeBody(got.response.headers as IncomingHttpHeaders, got.response.body)), [token, ...segments]) };
  }
}
