/**
 * The seam between rectification and inspections (检查评分): what rectification needs to know
 * about a round to issue one order per failed account. The inspections module provides it
 * under INSPECTION_FAILURES (and exports it globally or to this module); until it does,
 * `POST /api/inspections/:id/rectifications` answers 404 for every round.
 */
export const INSPECTION_FAILURES = Symbol('INSPECTION_FAILURES');

export interface FailedAccount {
  accountId: number;
  /** The reasons the account failed (veto names, deductions), as a person reads them. */
  reasons: string[];
}

export type RoundFailures = { found: false } | { found: true; final: false; quarter: string } | { found: true; final: true; quarter: string; failed: FailedAccount[] };

export interface InspectionFailuresProvider {
  /** The failed accounts of a round; `found: false` for an unknown round, `final: false` while it is still open. */
  failedAccountsOfFinalRound(roundId: number): Promise<RoundFailures>;
}
