/** Where a command writes: the process's streams, or a test's buffers. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** A terminal that can take a live progress line. */
  interactive?: boolean;
  /** The terminal's width, where known: live lines longer than it would wrap. */
  columns?: number;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: process.stdout.isTTY === true,
  get columns() {
    return process.stdout.columns;
  },
};
