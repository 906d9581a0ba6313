// One file upload to an all-or-nothing import endpoint: either the count imported, or the
// per-row errors the server named (a 400 with rowErrors) for the row-level error table.
import { useState } from 'react';
import { api, ApiError, type RowError } from '../api/client';
import { useAction } from './useApiError';

export type RowImportOutcome = { kind: 'done'; imported: number } | { kind: 'rows'; errors: RowError[] };

export function useRowImport(path: string) {
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<RowImportOutcome | null>(null);
  const [upload, uploading] = useAction(async () => {
    if (!file) return;
    setOutcome(null);
    try {
      const result = await api.upload<{ imported: number }>(path, file);
      setOutcome({ kind: 'done', imported: result.imported });
      setFile(null);
    } catch (err) {
      if (err instanceof ApiError && err.rowErrors.length > 0) {
        setOutcome({ kind: 'rows', errors: err.rowErrors });
        return;
      }
      throw err;
    }
  });
  /** A newly chosen file clears the previous outcome. */
  const choose = (next: File) => {
    setFile(next);
    setOutcome(null);
  };
  return { file, setFile, choose, outcome, upload, uploading };
}
