/**
 * Slack's limits on what the app sends, in one place. Slack refuses a payload over any of them
 * (`invalid_blocks`, `invalid_arguments`, `msg_too_long`, `msg_blocks_too_long`), so every message and view
 * is fitted to them on its way out (fit.ts). Lengths are UTF-16 units, the stricter way to count.
 */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  /** A text object with no tighter limit (a context element). */
  text: 3000,
  headerText: 150,
  fieldText: 2000,
  fields: 10,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  accessibilityLabel: 75,
  placeholder: 150,
  label: 2000,
  hint: 2000,
  optionText: 75,
  /** Slack allows 150 on some pages and 75 on others: our option values stay within 75. */
  optionValue: 75,
  selectOptions: 100,
  optionGroups: 100,
  optionGroupLabel: 75,
  /** checkboxes and radio buttons. */
  choiceOptions: 10,
  overflowOptions: 5,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  markdownText: 12_000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  /**
   * Summed text of a message's blocks: Slack answers msg_blocks_too_long from about 11,000 characters though
   * no single limit is reached, so a message keeps below 10,000.
   */
  messageChars: 10_000,
  /** The plain-text fallback (Slack answers msg_too_long from about 4,000). */
  fallbackText: 3000,
} as const;

/**
 * Cuts to at most `max` UTF-16 units at a character boundary (never inside a surrogate pair), with an
 * ellipsis.
 */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}
