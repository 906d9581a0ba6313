/**
 * The time the application stamps on what it records. Real time, except where a command
 * deliberately records history as of an earlier moment (the demo seed checks its columns
 * "as of" the end of the reference quarter). Durations and timeouts never use it.
 */
export class Clock {
  private fixed: Date | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime()) : new Date();
  }

  /** Records made until `release()` are stamped with `at`. */
  fixAt(at: Date): void {
    this.fixed = new Date(at.getTime());
  }

  release(): void {
    this.fixed = null;
  }
}
