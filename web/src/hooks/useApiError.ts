// Shows an API error to the person: on the form field it is about, otherwise as a message.
import { useCallback, useRef, useState } from 'react';
import { App, type FormInstance } from 'antd';
import { ApiError, errorMessage } from '../api/client';

/** A field named "items.3.points" is the form's ['items', 3, 'points'] (list rows are numbered). */
const namePath = (field: string) => field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

export function useApiError() {
  const { message } = App.useApp();
  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (form && err instanceof ApiError && err.fieldErrors.length > 0) {
        const registered = new Set(form.getFieldsError().map((f) => f.name.join('.')));
        const byField = new Map<string, string[]>();
        const elsewhere: string[] = [];
        for (const { field, message: text } of err.fieldErrors) {
          if (registered.has(field)) byField.set(field, [...(byField.get(field) ?? []), text]);
          else elsewhere.push(text);
        }
        if (byField.size > 0) {
          form.setFields([...byField].map(([field, errors]) => ({ name: namePath(field), errors })));
          form.scrollToField(namePath([...byField.keys()][0] ?? ''));
        }
        message.error(elsewhere.length > 0 ? elsewhere.join('；') : '提交未成功：请按提示修改标红的项目');
        return;
      }
      message.error(errorMessage(err));
    },
    [message],
  );
}

interface ActionOptions {
  /** Field errors go onto this form. */
  form?: FormInstance;
  /** Shown when the action succeeds. */
  success?: string;
}

/**
 * Wraps work started by a button: `running` drives the button's loading state, errors
 * are shown, and the result says whether it succeeded.
 */
export function useAction<A extends unknown[]>(fn: (...args: A) => Promise<unknown>, options: ActionOptions = {}) {
  const [running, setRunning] = useState(false);
  const showError = useApiError();
  const { message } = App.useApp();
  // The stable `run` below calls the latest fn with the latest options (refs updated on each render).
  const fnRef = useRef(fn);
  const optionsRef = useRef(options);
  /* eslint-disable react-hooks/refs */
  fnRef.current = fn;
  optionsRef.current = options;
  /* eslint-enable react-hooks/refs */

  const run = useCallback(
    async (...args: A): Promise<boolean> => {
      setRunning(true);
      try {
        await fnRef.current(...args);
        if (optionsRef.current.success) message.success(optionsRef.current.success);
        return true;
      } catch (err) {
        showError(err, optionsRef.current.form);
        return false;
      } finally {
        setRunning(false);
      }
    },
    [message, showError],
  );
  return [run, running] as const;
}
