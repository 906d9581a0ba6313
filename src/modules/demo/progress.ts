/** A plain text progress bar for the command line (architecture.md: "the CLI shows a progress bar"). */
export type ProgressListener = (done: number, total: number, label: string) => void;

export function textProgressBar(out: NodeJS.WriteStream = process.stdout, width = 30): ProgressListener & { finish(): void } {
  let lastStage = '';
  let lastPercent = -1;
  const render = (done: number, total: number, label: string) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(ratio * width);
    const percent = Math.floor(ratio * 100);
    const stage = label.replace(/[\d/]+/g, '').trim();
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${label}`;
    if (out.isTTY) {
      out.write(`\r${line}\x1b[K`);
    } else if (stage !== lastStage || percent >= lastPercent + 10 || done >= total) {
      // Not a terminal (CI logs, pipes): one line per stage and per 10%.
      out.write(`${line}\n`);
      lastPercent = percent;
    }
    lastStage = stage;
  };
  return Object.assign(render, {
    finish() {
      if (out.isTTY) out.write('\n');
    },
  });
}
