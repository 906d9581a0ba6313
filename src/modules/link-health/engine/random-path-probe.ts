import { randomBytes } from 'node:crypto';
import { decodePage, isHtml } from './page';
import { PageParts, pageParts } from './gone/html-parts';
import { jaccard, shinglesOf } from './gone/similarity';
import type { RawResponse } from './transport';

/** What a site answered for a nonsense path: where it ended and the page's shingles. */
interface Fingerprint {
  finalUrl: string;
  grams: Set<string>;
}

/**
 * What the probe found for a folder: the site's answer to a nonsense path (`page`), no page to
 * compare with (a 404, an error, not HTML: the site is no catch-all), or no answer at all
 * (`failed`: timeouts or connection errors after the retries, or rate limited).
 */
type ProbeOutcome = { kind: 'page'; fingerprint: Fingerprint } | { kind: 'none' } | { kind: 'failed'; detail: string };

/** The probe's fetch (after redirects and retries): an answer, or why there was none. */
export type ProbeFetch = (url: URL) => Promise<{ response: RawResponse; finalUrl: URL } | { failure: string } | null>;

/** The link's page against its folder's random path. `unknown`: the probe got no answer, so the page cannot be called healthy. */
export type ProbeVerdict = { kind: 'catch-all' } | { kind: 'own-page' } | { kind: 'unknown'; detail: string };

const CACHE_SIZE = 5_000;
/** Shingle similarity from which two pages count as the same page. */
const SAME_PAGE = 0.9;
/**
 * Probe rounds per folder per sweep (each with the checker's retries) before a failed probe
 * stands: a blip does not leave a folder unjudged, a site whose random paths never answer is not
 * probed again for every link.
 */
const PROBE_ROUNDS = 3;

interface Entry {
  outcome: Promise<ProbeOutcome>;
  rounds: number;
}

/**
 * The random-sibling fingerprint (soft-404 catch-all sites): fetch a nonsense path in the link's
 * folder once per folder; if the site answers 2xx with the same page as the link, the link's
 * page says nothing about the link. A probe that gets no answer is tried again (a new round) by
 * the next link that needs it, up to PROBE_ROUNDS; the link is never judged healthy on a probe
 * that failed. Pure Node; the fetch is the checker's (same limits and retries).
 */
export class RandomPathProbe {
  private readonly entries = new Map<string, Entry>();

  clear(): void {
    this.entries.clear();
  }

  /** `parts`: the link's page, already read (the page is parsed once). */
  async compare(link: URL, finalUrl: URL, parts: PageParts, fetchPage: ProbeFetch): Promise<ProbeVerdict> {
    if (link.pathname === '/' || link.pathname === '') return { kind: 'own-page' };
    const folder = link.pathname.replace(/[^/]*$/, '');
    const key = `${link.origin}${folder}`;
    let entry = this.entries.get(key) ?? this.newRound(key, link, folder, fetchPage, 0);
    let outcome = await entry.outcome;
    // Failed: the round another link has started since, or a new one, while the folder has rounds left.
    for (let waited = 0; outcome.kind === 'failed' && waited < PROBE_ROUNDS; waited++) {
      const current = this.entries.get(key);
      if (current && current !== entry) entry = current;
      else if (entry.rounds < PROBE_ROUNDS) entry = this.newRound(key, link, folder, fetchPage, entry.rounds);
      else break;
      outcome = await entry.outcome;
    }
    if (outcome.kind === 'failed') return { kind: 'unknown', detail: outcome.detail };
    if (outcome.kind === 'none') return { kind: 'own-page' };
    const { fingerprint } = outcome;
    if (fingerprint.finalUrl === finalUrl.href && finalUrl.href !== link.href) return { kind: 'catch-all' };
    const segments = decodeURIComponent(link.pathname).split('/').filter(Boolean);
    return jaccard(shinglesOf(parts, segments), fingerprint.grams) >= SAME_PAGE ? { kind: 'catch-all' } : { kind: 'own-page' };
  }

  /** Starts a probe of the folder (round `done + 1`) and caches it. */
  private newRound(key: string, link: URL, folder: string, fetchPage: ProbeFetch, done: number): Entry {
    const token = `zz${randomBytes(8).toString('hex')}`;
    const entry = { outcome: this.fingerprint(new URL(`${folder}${token}`, link.origin), token, fetchPage), rounds: done + 1 };
    if (!this.entries.has(key) && this.entries.size >= CACHE_SIZE) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, entry);
    return entry;
  }

  private async fingerprint(sibling: URL, token: string, fetchPage: ProbeFetch): Promise<ProbeOutcome> {
    const got = await fetchPage(sibling);
    if (!got) return { kind: 'none' };
    if ('failure' in got) return { kind: 'failed', detail: got.failure };
    const { response, finalUrl } = got;
    if (response.status === 429) return { kind: 'failed', detail: 'HTTP 429' };
    if (response.status < 200 || response.status >= 300 || !isHtml(response.headers, response.body)) return { kind: 'none' };
    const segments = decodeURIComponent(sibling.pathname).split('/').filter(Boolean);
    return { kind: 'page', fingerprint: { finalUrl: finalUrl.href, grams: shinglesOf(pageParts(decodePage(response.headers, response.body)), [token, ...segments]) } };
  }
}
