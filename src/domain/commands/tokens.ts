/**
 * A command argument after the Slack wire form has been decoded: what the user meant, plus the
 * ids of any @user or #channel they picked. `key` is set for `key=value` options.
 */
export interface Token {
  /** The text as the user meant it (entities decoded, mentions shown as @name / #name). */
  readonly text: string;
  /** True when the user put (part of) it in quotes: it is then never an option or a command word. */
  readonly quoted: boolean;
  readonly userId?: string;
  readonly channelId?: string;
  /** For `tier=Gold`: key "tier", and `text`/`userId`/`channelId` describe the value. */
  readonly key?: string;
}

export const joinTokens = (tokens: readonly Token[]): string =>
  tokens.map((t) => (t.key ? `${t.key}=${t.text}` : t.text)).join(' ');
