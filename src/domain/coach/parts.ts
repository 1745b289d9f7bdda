/**
 * What the coach says, as parts: the domain picks the words and says what each one is (a field's name, a
 * command to type, a person, the user's own words); the Slack edge (`src/slack/blocks/coach.ts`) decides
 * how each looks (bold, code, a mention) and escapes every word. No string here is markup, so nothing the
 * coach repeats (a partner's name, a reply, a note) can turn into a ping or a link.
 */
export type Part =
  /** Plain words. */
  | string
  /** A name that should stand out: a field, a step, a partner, a button. */
  | { readonly strong: string }
  /** Something to type or look up: a command, a template id, an example answer. */
  | { readonly code: string }
  /** A side note, set apart. */
  | { readonly aside: string }
  /** The user's own words echoed back, in quotes (already one line and clipped: `echo()`). */
  | { readonly quote: string }
  /** A Slack user id, shown as a mention. */
  | { readonly user: string };

/** One line of what the coach says. */
export type Line = readonly Part[];

export const strong = (text: string): Part => ({ strong: text });
export const code = (text: string): Part => ({ code: text });
export const aside = (text: string): Part => ({ aside: text });
export const quote = (text: string): Part => ({ quote: text });

/**
 * A line from a template, its interpolations being parts: ``line`Press ${strong('Next step')} now.` ``.
 * An interpolated string is plain words.
 */
export function line(strings: TemplateStringsArray, ...parts: readonly Part[]): Line {
  const out: Part[] = [];
  strings.forEach((s, i) => {
    if (s) out.push(s);
    const part = parts[i];
    if (part !== undefined && part !== '') out.push(part);
  });
  return out;
}
