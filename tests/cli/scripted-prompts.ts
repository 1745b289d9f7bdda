import type { CliIo } from '../../src/cli/io';
import type { Prompter } from '../../src/cli/prompts';

/**
 * A user at the keyboard, scripted: each question is matched by its text and answered with the next
 * answer listed for it. Like the real prompts, an answer its `validate` refuses is shown the problem and
 * the user types the next one; an empty answer takes the default.
 */
export type Script = [RegExp, ...(string | boolean)[]][];

export interface ScriptedPrompter extends Prompter {
  readonly asked: string[];
  readonly refused: { question: string; answer: string; problem: string }[];
}

export function scriptedPrompter(script: Script): ScriptedPrompter {
  const entries = script.map(([pattern, ...answers]) => ({ pattern, answers }));
  const asked: string[] = [];
  const refused: ScriptedPrompter['refused'] = [];
  const next = (message: string): string | boolean => {
    asked.push(message);
    const entry = entries.find((e) => e.pattern.test(message) && e.answers.length > 0);
    if (!entry) throw new Error(`unexpected question: ${message}`);
    return entry.answers.shift() as string | boolean;
  };
  const typed = (q: { message: string; default?: string; validate?: (v: string) => true | string }): string => {
    for (;;) {
      const raw = next(q.message);
      if (typeof raw !== 'string') throw new Error(`a text answer is needed for: ${q.message}`);
      const answer = raw === '' && q.default !== undefined ? q.default : raw;
      const verdict = q.validate ? q.validate(answer) : true;
      if (verdict === true) return answer;
      refused.push({ question: q.message, answer, problem: verdict });
    }
  };
  return {
    asked,
    refused,
    text: async (q) => typed(q),
    secret: async (q) => typed(q),
    confirm: async (q) => {
      const answer = next(q.message);
      return answer === '' ? q.default : answer === true || answer === 'y';
    },
    choose: async (q) => {
      const answer = next(q.message);
      const chosen = q.choices.find((c) => c.value === (answer === '' ? q.default : answer));
      if (!chosen) throw new Error(`${String(answer)} is not a choice for: ${q.message}`);
      return chosen.value;
    },
  };
}

export function captureIo(
  env: Record<string, string | undefined> = {},
): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    env,
    interactive: false,
    ask: async () => undefined,
    stdout: () => out,
    stderr: () => err,
  };
}
