import { describe, expect, it } from 'vitest';
import type { Token } from '../../src/domain/commands/tokens';
import { UsageError } from '../../src/domain/errors';
import { tokenize } from '../../src/slack/commands/tokenize';

/** The tokens of a line Slack sent, failing the test if the tokenizer refused it. */
function tokens(raw: string): Token[] {
  const result = tokenize(raw);
  if (!result.ok) throw new Error(`tokenize(${JSON.stringify(raw)}) refused: ${result.error.message}`);
  return result.value;
}

const texts = (raw: string): string[] => tokens(raw).map((t) => t.text);

/** The error of a line the tokenizer must refuse. */
function refusal(raw: string): UsageError {
  const result = tokenize(raw);
  if (result.ok) throw new Error(`tokenize(${JSON.stringify(raw)}) accepted: ${JSON.stringify(result.value)}`);
  return result.error;
}

describe('/partner text from the wire: entities', () => {
  it('decodes &amp; &lt; &gt; to what the user typed', () => {
    expect(texts('AT&amp;T &lt;b&gt; 1&lt;2')).toEqual(['AT&T', '<b>', '1<2']);
  });

  it('decodes once only, so a typed “&lt;” stays literal', () => {
    // The user typed `&lt;`; Slack sends `&amp;lt;`.
    expect(texts('&amp;lt; &amp;amp;')).toEqual(['&lt;', '&amp;']);
  });

  it('decodes entities inside quotes too', () => {
    expect(tokens('"AT&amp;T Inc" Gold')).toEqual([
      { text: 'AT&T Inc', quoted: true },
      { text: 'Gold', quoted: false },
    ]);
  });
});

describe('/partner text from the wire: mentions and links', () => {
  it('turns <@U123|ana> into @ana carrying the user id', () => {
    expect(tokens('<@U123|ana>')).toEqual([{ text: '@ana', quoted: false, userId: 'U123' }]);
  });

  it('keeps the user id of a mention without a label', () => {
    const [t] = tokens('<@U123>');
    expect(t?.userId).toBe('U123');
    expect(t?.text).toBe('@U123');
    expect(t?.channelId).toBeUndefined();
  });

  it('turns <#C123|acme> into #acme carrying the channel id', () => {
    expect(tokens('<#C123|acme>')).toEqual([{ text: '#acme', quoted: false, channelId: 'C123' }]);
    expect(tokens('<#C123>')[0]?.channelId).toBe('C123');
  });

  it('reads <!channel>, <!here> and user groups as plain words that ping nobody', () => {
    const ts = tokens('<!channel> <!here> <!subteam^S1|@team>');
    expect(ts.map((t) => t.text)).toEqual(['@channel', '@here', '@team']);
    for (const t of ts) {
      expect(t.userId).toBeUndefined();
      expect(t.channelId).toBeUndefined();
      expect(t.text).not.toContain('<');
    }
  });

  it('shows an auto-linked domain as the user typed it', () => {
    expect(tokens('<http://Booking.com|Booking.com>')).toEqual([{ text: 'Booking.com', quoted: false }]);
    expect(texts('add <http://Booking.com|Booking.com> tier=Gold')).toEqual(['add', 'Booking.com', 'Gold']);
  });

  it('shows an auto-linked e-mail address without mailto:', () => {
    expect(texts('<mailto:a@b.co|a@b.co>')).toEqual(['a@b.co']);
    expect(texts('<mailto:a@b.co>')).toEqual(['a@b.co']);
  });

  it('decodes mentions inside a quoted name', () => {
    expect(tokens('"<@U1|ana> and co"')).toEqual([{ text: '@ana and co', quoted: true }]);
  });

  it('reads a typed < or > (sent as &lt; &gt;) as text, never as a mention', () => {
    expect(tokens('&lt;@U1|ana&gt;')).toEqual([{ text: '<@U1|ana>', quoted: false }]);
  });
});

describe('/partner text from the wire: quotes', () => {
  it.each([
    ['straight', '"Acme Corp" Gold'],
    ['smart double', '“Acme Corp” Gold'],
    ['smart single', '‘Acme Corp’ Gold'],
    ['guillemets', '«Acme Corp» Gold'],
    ['German low-high', '„Acme Corp“ Gold'],
    ['straight single', "'Acme Corp' Gold"],
    ['mixed straight and smart', '“Acme Corp" Gold'],
  ])('groups a name in %s quotes', (_kind, raw) => {
    expect(tokens(raw)).toEqual([
      { text: 'Acme Corp', quoted: true },
      { text: 'Gold', quoted: false },
    ]);
  });

  it('keeps an apostrophe inside a word: O’Reilly stays one word', () => {
    expect(texts("O'Reilly Media")).toEqual(["O'Reilly", 'Media']);
    expect(texts('O’Reilly Media')).toEqual(['O’Reilly', 'Media']);
    expect(tokens("'O'Reilly Media' Gold")).toEqual([
      { text: "O'Reilly Media", quoted: true },
      { text: 'Gold', quoted: false },
    ]);
  });

  it('does not treat a quote in the middle of a word as an opening quote', () => {
    expect(texts('a"b c')).toEqual(['a"b', 'c']);
  });

  it('marks a quoted word as quoted, so it is never an option', () => {
    expect(tokens('"tier=Gold"')).toEqual([{ text: 'tier=Gold', quoted: true }]);
  });

  it.each([
    ['"Acme Corp'],
    ['“Acme Corp'],
    ['‘Acme Corp'],
    ["'Acme Corp"],
    ['«Acme Corp'],
    ['show "Acme'],
    ['add Acme tier="Strategic Plus'],
  ])('refuses an unmatched quote in %s with a fix', (raw) => {
    const error = refusal(raw);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/closing quote/);
    expect(error.fix).toMatch(/quotes/);
  });
});

describe('/partner text from the wire: key=value options', () => {
  it('reads tier=Gold as key tier, value Gold', () => {
    expect(tokens('tier=Gold')).toEqual([{ text: 'Gold', quoted: false, key: 'tier' }]);
  });

  it('lower-cases the key, not the value', () => {
    expect(tokens('Tier=Gold')).toEqual([{ text: 'Gold', quoted: false, key: 'tier' }]);
  });

  it.each([['tier="Strategic Plus"'], ['tier=“Strategic Plus”'], ["tier='Strategic Plus'"]])(
    'reads a quoted value with spaces: %s',
    (raw) => {
      expect(tokens(raw)).toEqual([{ text: 'Strategic Plus', quoted: true, key: 'tier' }]);
    },
  );

  it('reads owner=<@U1|ana> as key owner carrying the user id', () => {
    expect(tokens('owner=<@U1|ana>')).toEqual([{ text: '@ana', quoted: false, userId: 'U1', key: 'owner' }]);
  });

  it('reads channel=<#C1|acme> as key channel carrying the channel id', () => {
    expect(tokens('channel=<#C1|acme>')).toEqual([{ text: '#acme', quoted: false, channelId: 'C1', key: 'channel' }]);
  });

  it('keeps an empty value (tier=) so the parser can say it needs one', () => {
    expect(tokens('tier=')).toEqual([{ text: '', quoted: false, key: 'tier' }]);
  });

  it('leaves a stray = as a plain word', () => {
    expect(tokens('add = tier=')).toEqual([
      { text: 'add', quoted: false },
      { text: '=', quoted: false },
      { text: '', quoted: false, key: 'tier' },
    ]);
  });

  it('keeps an apostrophe inside a value', () => {
    expect(tokens("vertical=O'Reilly")).toEqual([{ text: "O'Reilly", quoted: false, key: 'vertical' }]);
  });
});

describe('/partner text from the wire: Unicode and white space', () => {
  it('keeps emoji, accents and CJK intact', () => {
    expect(texts('add 🤝 Société Générale 株式会社 👩‍👩‍👧')).toEqual([
      'add',
      '🤝',
      'Société',
      'Générale',
      '株式会社',
      '👩‍👩‍👧',
    ]);
  });

  it('keeps a quoted Unicode name whole', () => {
    expect(tokens('show “Société Générale 🇫🇷”')).toEqual([
      { text: 'show', quoted: false },
      { text: 'Société Générale 🇫🇷', quoted: true },
    ]);
  });

  it('separates on tabs, newlines, NBSP and ideographic spaces, and ignores runs of them', () => {
    expect(texts('show\tAcme\nCorp\u00a0Gold\u3000x   \r\n y')).toEqual(['show', 'Acme', 'Corp', 'Gold', 'x', 'y']);
  });

  it('keeps white space inside quotes as typed', () => {
    expect(texts('"Acme\tCorp"')).toEqual(['Acme\tCorp']);
  });

  it('gives no tokens for an empty or blank line', () => {
    expect(tokens('')).toEqual([]);
    expect(tokens(' \t\n\u00a0')).toEqual([]);
  });
});
