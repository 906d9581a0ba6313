/**
 * The gone-page corpus (test/fixtures/pages/manifest.json): every page classified by the rules
 * (and, for catch-all sites, compared with what the site answers for a random path) must get its
 * expected verdict. A miss names the page, what was expected, and the rule that decided.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pageParts } from './html-parts';
import { judgeGone } from './judge';
import { jaccard, shinglesOf } from './similarity';

interface CorpusPage {
  file: string;
  url: string;
  health: 'ok' | 'broken' | 'unverifiable' | 'probe';
  reason: string;
  kind: string;
  note: string;
  redirected?: boolean;
  probe?: string;
}

const DIR = join(__dirname, '../../../../../test/fixtures/pages');
const { pages } = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { pages: CorpusPage[] };
const SAME_PAGE = 0.9;

function verdictOf(page: CorpusPage): { health: string; reason: string; rule: string } {
  const url = new URL(page.url);
  const parts = pageParts(readFileSync(join(DIR, page.file), 'utf8'));
  const verdict = judgeGone(parts, { finalUrl: url, redirected: page.redirected ?? false });
  if (verdict) return { health: verdict.reason === 'verification_page' ? 'unverifiable' : 'broken', reason: verdict.reason, rule: `${verdict.rule} (“${verdict.matched}”)` };
  if (page.probe && url.pathname !== '/') {
    const probe = pages.find((p) => p.file === page.probe)!;
    const ignore = (u: string) => decodeURIComponent(new URL(u).pathname).split('/').filter(Boolean);
    const similarity = jaccard(shinglesOf(parts, ignore(page.url)), shinglesOf(pageParts(readFileSync(join(DIR, probe.file), 'utf8')), ignore(probe.url)));
    if (similarity >= SAME_PAGE) return { health: 'broken', reason: 'soft404_fingerprint', rule: `catch-all (similarity ${similarity.toFixed(2)})` };
  }
  return { health: 'ok', reason: 'ok', rule: 'no rule matched' };
}

describe('gone-page corpus', () => {
  const classified = pages.filter((p) => p.health !== 'probe');

  it('holds at least 40 full pages of every kind', () => {
    expect(classified.length).toBeGreaterThanOrEqual(40);
    const kinds = new Set(classified.map((p) => p.kind));
    for (const kind of ['platform', 'cms', 'generic', 'error-title', 'script-redirect', 'redirect-chain', 'catch-all', 'tricky']) expect(kinds).toContain(kind);
    for (const page of classified) expect(readFileSync(join(DIR, page.file), 'utf8')).toMatch(/<html[\s\S]*<body[\s\S]*<\/html>/i);
  });

  it.each(classified.map((p) => [p.file, p] as const))('%s', (_file, page) => {
    const got = verdictOf(page);
    const miss = got.health !== page.health || got.reason !== page.reason;
    if (miss) throw new Error(`${page.file} (${page.note}): expected ${page.health}/${page.reason}, got ${got.health}/${got.reason} by rule ${got.rule}`);
  });
});
