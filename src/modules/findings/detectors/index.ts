/**
 * The built-in detectors (检测器), in the order scans run them. Adding a detector is one file
 * beside this one and one line here (docs/architecture.md, 检测器注册表).
 */
import { activeAfterDeregistration } from './active-after-deregistration';
import { errorWord } from './error-word';
import { inactive } from './inactive';
import { leaderTitleError } from './leader-title';
import { multipleAccounts } from './multiple-accounts';
import { openedBeforeApproval } from './opened-before-approval';
import { orphanedSupervision } from './orphaned-supervision';
import { privacyLeak } from './privacy-leak';
import type { Detector } from './types';

export const BUILT_IN_DETECTORS: readonly Detector[] = [
  openedBeforeApproval,
  activeAfterDeregistration,
  orphanedSupervision,
  multipleAccounts,
  inactive,
  errorWord,
  privacyLeak,
  leaderTitleError,
];
