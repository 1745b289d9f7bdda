import { createInterface } from 'node:readline';

/** Where a command writes and what it reads: the process's own, or a test's. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  /** A person can answer a question: stdin is a terminal. */
  interactive: boolean;
  /** Asks on the terminal; undefined when the answer never comes (Ctrl-C, Ctrl-D). */
  ask(question: string): Promise<string | undefined>;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  interactive: process.stdin.isTTY === true,
  ask: askOnTerminal,
};

/**
 * The question goes to stderr, so `> file` keeps only a command's output. Ctrl-C and Ctrl-D end
 * the question without an answer: readline would otherwise pause on Ctrl-C and leave the process
 * to exit 0 with nothing decided.
 */
function askOnTerminal(question: string): Promise<string | undefined> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  return new Promise((resolve) => {
    let answered = false;
    rl.on('SIGINT', () => rl.close());
    rl.on('close', () => {
      if (answered) return;
      process.stderr.write('\n');
      resolve(undefined);
    });
    rl.question(question, (answer) => {
      answered = true;
      resolve(answer);
      rl.close();
    });
  });
}

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
