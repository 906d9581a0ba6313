/** Early retries of a stuck request (pure Node; the link checker's `tries`). */
import { asFailure } from './failures';
import type { Answer, Attempted } from './fetch-steps';

/** Sends one try: `first` is the original, `onSent` is told when it actually goes out, `signal` gives it up. */
export type SendTry = (first: boolean, onSent: (sentAt: number) => void, signal: AbortSignal) => Promise<Answer>;

/**
 * A try plus up to `spare` early retries: while a try is unanswered after `earlyRetryMs` and a
 * request to the same host sent later has been answered (the host is up; this request is
 * stuck), the stuck try is given up (a failed try, like a timeout: its connection is closed and
 * its slot freed, so the host is not left holding it) and the next try starts at once. The last
 * try always gets the full timeout, so a page that is merely slow is still judged on an answer.
 * Without that evidence (host down or overloaded), nothing more is sent early.
 */
export function withEarlyRetries(after: number, spare: number, answeredSince: (sentAt: number) => boolean, send: SendTry): Promise<Attempted> {
  return new Promise<Attempted>((resolve) => {
    let pending = 0;
    let failed = 0;
    let done = false;
    const timers = new Set<NodeJS.Timeout>();
    const finish = (result: Attempted) => {
      if (done) return;
      done = true;
      for (const timer of timers) clearTimeout(timer);
      resolve(result);
    };
    const launch = (first: boolean) => {
      pending++;
      const abandon = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const stop = () => {
        if (timer) timers.delete(timer);
        clearTimeout(timer);
        timer = undefined;
      };
      const watch = (sentAt: number) => {
        const check = () => {
          timers.delete(timer as NodeJS.Timeout);
          timer = undefined;
          if (done) return;
          if (spare > 0 && answeredSince(sentAt)) {
            spare--;
            launch(false);
            abandon.abort();
            return;
          }
          if (spare > 0) timers.add((timer = setTimeout(check, after)));
        };
        timers.add((timer = setTimeout(check, after)));
      };
      send(first, watch, abandon.signal).then(
        (answer) => {
          stop();
          pending--;
          finish({ answer, failed });
        },
        (error: unknown) => {
          stop();
          pending--;
          failed++;
          if (!pending) finish({ failure: asFailure(error), failed });
        },
      );
    };
    launch(true);
  });
}
