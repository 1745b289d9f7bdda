import { confirm, input, password, select } from '@inquirer/prompts';

/**
 * The questions the set-up wizard asks, behind an interface: the real prompts in a terminal, a script in
 * tests. `validate` returns true or the sentence to show under the answer.
 */

export type Validate = (value: string) => true | string;

export interface Prompter {
  text(q: { message: string; default?: string; validate?: Validate }): Promise<string>;
  /** Typed without echo: each character shows as `*`. */
  secret(q: { message: string; validate?: Validate }): Promise<string>;
  confirm(q: { message: string; default: boolean }): Promise<boolean>;
  choose<T extends string>(q: {
    message: string;
    choices: readonly { name: string; value: T; description?: string }[];
    default?: T;
  }): Promise<T>;
}

/** How a prompt function is called: directly in a terminal, or through @inquirer/testing's render in tests. */
export type PromptRunner = <V, C>(prompt: (config: C) => Promise<V>, config: C) => Promise<V>;

const direct: PromptRunner = (prompt, config) => prompt(config);

/** The wizard's questions asked with @inquirer/prompts. */
export function inquirerPrompter(run: PromptRunner = direct): Prompter {
  return {
    text: (q) =>
      run(input, {
        message: q.message,
        ...(q.default !== undefined ? { default: q.default } : {}),
        ...(q.validate ? { validate: q.validate } : {}),
      }),
    secret: (q) => run(password, { message: q.message, mask: '*', ...(q.validate ? { validate: q.validate } : {}) }),
    confirm: (q) => run(confirm, { message: q.message, default: q.default }),
    async choose(q) {
      const answer = await run(select<string>, {
        message: q.message,
        choices: q.choices.map((c) => ({
          name: c.name,
          value: c.value,
          ...(c.description ? { description: c.description } : {}),
        })),
        ...(q.default !== undefined ? { default: q.default } : {}),
      });
      // Map the answer back to the caller's own value (and its type).
      const chosen = q.choices.find((c) => c.value === answer) ?? q.choices[0];
      if (!chosen) throw new Error(`no choices for ${q.message}`);
      return chosen.value;
    },
  };
}

/** Ctrl+C in a prompt rejects with this error name (@inquirer/core's ExitPromptError). */
export function isPromptCancel(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}
