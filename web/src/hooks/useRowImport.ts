// One file upload to an all-or-nothing import endpoint: either the server's result, or the
// per-row errors it named (a 400 with rowErrors) for the row-error table. A file is sent at
// once from the picker (`upload(file)`), or chosen first and sent by a button (`choose`, `upload()`).
import { useState } from 'react';
import { api, ApiError, type RowError } from '../api/client';
import { useAction } from './useApiError';

export type RowImportOutcome<T> = { kind: 'done'; result: T } | { kind: 'rows'; message: string; errors: RowError[] };

export function useRowImport<T = { imported: number }>(path: string, onImported?: (result: T) => void) {
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<RowImportOutcome<T> | null>(null);
  const [upload, uploading] = useAction(async (picked?: File) => {
    const sent = picked ?? file;
    if (!sent) return;
    setOutcome(null);
    try {
      const result = await api.upload<T>(path, sent);
      setOutcome({ kind: 'done', result });
      setFile(null);
      onImported?.(result);
    } catch (err) {
      if (err instanceof ApiError && err.rowErrors.length > 0) {
        setOutcome({ kind: 'rows', message: err.message, errors: err.rowErrors });
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
  const dismiss = () => setOutcome(null);
  return { file, setFile, choose, outcome, dismiss, upload, uploading };
}
