/** Where a command writes and what it reads: the process's own, or a test's. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
};

/** A mistake the user can fix: the message says how; exit code 1, no stack trace. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** The command line itself is incomplete (an option needed here is missing): exit code 2, like commander's own. */
export class CliUsageError extends CliError {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** Exit codes: 0 done, 1 a user error (the message says what to fix), 2 bad usage. */
export const EXIT = { ok: 0, userError: 1, usage: 2 } as const;
