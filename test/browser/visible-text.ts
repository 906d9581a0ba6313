/**
 * What a person must never read on a page: ISO/UTC timestamps, raw enum codes and half-width
 * punctuation in Chinese text (the rule of test/support/punctuation.ts). The codes
 * come from the server's own vocabularies (and the web's label maps), so a new state, kind or
 * action is checked as soon as it exists.
 */
import { ROLES } from '../../src/common/roles';
import { ACCOUNT_STATES, TRANSITION_ACTIONS } from '../../src/modules/accounts/account-state-machine';
import { ALERT_KINDS, ALERT_STATUSES } from '../../src/modules/alerts/alert.entity';
import { DELIVERY_STATUSES } from '../../src/modules/alerts/alert-channel.entity';
import { LINK_HEALTHS, REASON_LABELS } from '../../src/modules/columns/link-health-vocabulary';
import { DISCOVERY_STATUSES, TRIAGE_STATES } from '../../src/modules/discovery/discovery-classify';
import { ERROR_WORD_CATEGORIES, ERROR_WORD_SEVERITIES } from '../../src/modules/error-words/categories';
import { BUILT_IN_DETECTORS } from '../../src/modules/findings/detectors';
import { FINDING_STATUSES } from '../../src/modules/findings/finding.entity';
import { AUTO_CODES, DEFAULT_INDICATORS, INDICATOR_BASES, INDICATOR_TYPES } from '../../src/modules/inspections/indicators';
import { RUN_STATUSES } from '../../src/modules/link-health/link-check.entity';
import { BUILT_IN_PLATFORMS } from '../../src/modules/platforms/builtin';
import { CONTACT_SOURCES, HANDOVER_REASONS } from '../../src/modules/recertification/recertification.entities';
import { RECERT_STATUSES } from '../../src/modules/recertification/recertification-cycle';
import { RECTIFICATION_ACTIONS, RECTIFICATION_STATUSES } from '../../src/modules/rectifications/rectification-state-machine';
import { MATCHED_BY, REPOST_STATUSES } from '../../src/modules/repost-tasks/matching/match';
import { BUILT_IN_SOURCE_KINDS } from '../../src/modules/source-kinds/builtin';
import { UNIT_KINDS, UNIT_STATUSES } from '../../src/modules/units/unit.entity';
import * as webLabels from '../../web/src/labels';
import { halfWidthMarks } from '../../src/common/chinese-text';
import * as inspectionLabels from '../../web/src/inspection-labels';
import * as rectificationLabels from '../../web/src/rectificationLabels';

/** Codes the server writes without an exported list: history actions, run kinds, sources, verdicts, channels. */
const UNLISTED_CODES = [
  'create',
  'update',
  'import',
  'recertify',
  'posts_import',
  'source_update',
  'link_check',
  'poll',
  'findings_scan',
  'pass',
  'fail',
  'final',
  'manual',
  'finding',
  'inspection',
  'provincial',
  'webhook',
  'wecom',
  'dingtalk',
  'feishu',
  'transient',
  'config',
  'rate_limited',
  'quota',
  'schedule',
  'queued',
  'running',
  'live',
  'published',
];

function labelMapKeys(modules: Record<string, unknown>[]): string[] {
  const keys: string[] = [];
  for (const mod of modules)
    for (const [name, value] of Object.entries(mod))
      if (/_LABELS$/.test(name) && value && typeof value === 'object' && !/FIELD_LABELS$/.test(name)) keys.push(...Object.keys(value));
  return keys;
}

/** Every raw code that may not appear on screen as a whole word (case-sensitive: codes are lower case). */
export const RAW_CODES: readonly string[] = [
  ...new Set<string>([
    ...ROLES,
    ...ACCOUNT_STATES,
    ...TRANSITION_ACTIONS,
    ...ALERT_KINDS,
    ...ALERT_STATUSES,
    ...DELIVERY_STATUSES,
    ...LINK_HEALTHS,
    ...Object.keys(REASON_LABELS),
    ...DISCOVERY_STATUSES,
    ...TRIAGE_STATES,
    ...ERROR_WORD_CATEGORIES,
    ...ERROR_WORD_SEVERITIES,
    ...BUILT_IN_DETECTORS.map((d) => d.kind),
    ...FINDING_STATUSES,
    ...AUTO_CODES,
    ...DEFAULT_INDICATORS.map((i) => i.code),
    ...INDICATOR_BASES,
    ...INDICATOR_TYPES,
    ...RUN_STATUSES,
    ...BUILT_IN_PLATFORMS.map((p) => p.code),
    ...CONTACT_SOURCES,
    ...HANDOVER_REASONS,
    ...RECERT_STATUSES,
    ...RECTIFICATION_ACTIONS,
    ...RECTIFICATION_STATUSES,
    ...MATCHED_BY,
    ...REPOST_STATUSES,
    ...BUILT_IN_SOURCE_KINDS.map((k) => k.kind),
    ...UNIT_KINDS,
    ...UNIT_STATUSES,
    ...UNLISTED_CODES,
    ...labelMapKeys([webLabels, inspectionLabels, rectificationLabels]),
  ]),
].filter((code) => /^[a-z][a-z0-9_.-]*$/.test(code));

/** Times shown otherwise than YYYY-MM-DD HH:mm in Beijing time: ISO/UTC stamps and locale strings (2023/9/15 23:59:59). */
const ISO_PATTERNS = [
  /\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}(?::\d{2})?/g,
  /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[^\s，。、；）)]*/g,
  /\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})(?![\w])/g,
  /\bUTC\b[^\s，。]*/g,
];

/** Web addresses, e-mail addresses, host and file names: data a person typed, which may contain a code (weibo.com). */
const DATA_TOKENS = /https?:\/\/\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|\b[\w-]+(\.[\w-]+)*\.(com|cn|net|org|gov|htm|html|csv|xlsx|docx|json|local|test)\b\S*/g;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const CODE_PATTERN = new RegExp(
  `(?<![\\w-])(${[...RAW_CODES]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|')})(?![\\w-])`,
  'g',
);

/**
 * The lines of `text` that show an ISO/UTC timestamp (or a locale time such as 2023/9/15 23:59:59),
 * a raw code or half-width punctuation in Chinese, each with what was found. `names` are people's login names (data, e.g. `admin`), which
 * may spell a code and are left out of the code check.
 */
export function offendingText(text: string, names: readonly string[] = []): string[] {
  const problems: string[] = [];
  const namePattern = names.length ? new RegExp(`(?<![\\w-])(${names.map(escape).join('|')})(?![\\w-])`, 'g') : null;
  for (const line of text.split('\n')) {
    const iso = ISO_PATTERNS.flatMap((p) => line.match(p) ?? []);
    if (iso.length) problems.push(`time not as YYYY-MM-DD HH:mm ${JSON.stringify(iso)} in “${line.trim().slice(0, 160)}”`);
    const withoutData = line.replace(DATA_TOKENS, ' ');
    const codes = (namePattern ? withoutData.replace(namePattern, ' ') : withoutData).match(CODE_PATTERN);
    if (codes) problems.push(`raw code ${JSON.stringify([...new Set(codes)])} in “${line.trim().slice(0, 160)}”`);
    // Table cells are separate texts: a cell's mark must not be judged by its neighbour's Chinese.
    const marks = withoutData.split('\t').flatMap(halfWidthMarks);
    if (marks.length) problems.push(`half-width punctuation ${JSON.stringify(marks)} in “${line.trim().slice(0, 160)}”`);
  }
  return problems;
}
