/**
 * Text a model could be steered into writing, to try the coach's rendering with: pieces of Slack markup,
 * look-alikes, question marks and entities, shuffled by a seeded PRNG (`prng.ts`) so a failure replays.
 */
const PIECES = [
  '<',
  '>',
  '<!',
  '!',
  '@',
  '#',
  '|',
  '?',
  '？',
  '¿',
  '＜',
  '＞',
  '＠',
  '！',
  '‹',
  '›',
  '&',
  '&lt;',
  '&gt;',
  '&amp;',
  'lt;',
  'channel',
  'here',
  'every',
  'one',
  'everyone',
  'subteam^S0TEAM',
  'U0ALICE',
  'C0GENERAL',
  'https://evil.example/x?y=1',
  '[click](https://evil.example)',
  '**',
  '__',
  '`',
  '# ',
  '\n',
  '- ',
  ' ',
  'mailto:a@b.example',
  '\u200b',
  '\u2060',
];

/** One adversarial string of 1–24 pieces. */
export function adversarial(random: () => number): string {
  const n = 1 + Math.floor(random() * 24);
  return Array.from({ length: n }, () => PIECES[Math.floor(random() * PIECES.length)] ?? '').join('');
}
