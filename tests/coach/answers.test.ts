import { describe, expect, it } from 'vitest';
import { answerKind, fieldLabel, isSkipWord, parseAnswer, questionLine } from '../../src/domain/coach/answers';
import type { PlaybookField } from '../../src/domain/playbooks/schema';
import { TODAY } from './factories';

const ctx = { today: TODAY, timezone: 'Europe/Berlin' };

function field(type: PlaybookField['type'], id = 'kickoff_date', extra: Partial<PlaybookField> = {}): PlaybookField {
  return {
    id,
    type,
    question: 'What is it?',
    required: true,
    ...(type === 'choice' ? { choices: ['EMEA', 'NA', 'APAC'] } : {}),
    ...extra,
  };
}

/** The value a reply gives the field, failing the test if it is refused. */
function value(f: PlaybookField, text: string, context: Parameters<typeof parseAnswer>[2] = ctx): string | number {
  const r = parseAnswer(f, text, context);
  if (!r.ok) throw new Error(`${JSON.stringify(text)} refused: ${r.error}`);
  return r.value;
}

/** The statement a refused reply gets, failing the test if it is accepted. */
function refusal(f: PlaybookField, text: string): string {
  const r = parseAnswer(f, text, ctx);
  if (r.ok) throw new Error(`${JSON.stringify(text)} accepted as ${JSON.stringify(r.value)}`);
  expect(r.error).not.toContain('?');
  return r.error;
}

describe('how a field is named and asked', () => {
  it('labels a field from its id, acronyms upper-case', () => {
    expect(fieldLabel({ id: 'partner_contact_name' })).toBe('Partner contact name');
    expect(fieldLabel({ id: 'qbr_url' })).toBe('QBR URL');
    expect(fieldLabel({ id: 'crm_id' })).toBe('CRM ID');
    expect(fieldLabel({ id: 'region' })).toBe('Region');
  });

  it('names the answer each type wants', () => {
    expect(answerKind(field('number'))).toBe('number');
    expect(answerKind(field('date'))).toBe('date (YYYY-MM-DD)');
    expect(answerKind(field('url'))).toBe('website/URL');
    expect(answerKind(field('email'))).toBe('e-mail');
    expect(answerKind(field('user'))).toBe('who (@user)');
    expect(answerKind(field('choice'))).toBe('(EMEA / NA / APAC)');
    expect(answerKind(field('text'))).toBe('in a few words');
  });

  it('puts the kind before the one final ?', () => {
    expect(questionLine({ ...field('number'), question: 'How many employees does the partner have?' })).toBe(
      'How many employees does the partner have — number?',
    );
    expect(questionLine({ ...field('date'), question: 'When is the kickoff?' })).toBe(
      'When is the kickoff — date (YYYY-MM-DD)?',
    );
    expect(questionLine({ ...field('choice'), question: 'Which region?' })).toBe('Which region — (EMEA / NA / APAC)?');
    expect(questionLine({ ...field('user'), question: 'Who owns it?' })).toBe('Who owns it — who (@user)?');
  });

  it('keeps exactly one ?, at the end, and does not repeat a kind already written', () => {
    for (const type of ['text', 'number', 'date', 'choice', 'user', 'url', 'email'] as const) {
      const line = questionLine({ ...field(type), question: 'What is it? Really?' });
      expect(line.indexOf('?')).toBe(line.length - 1);
    }
    expect(questionLine({ ...field('choice'), question: 'Which region (EMEA / NA / APAC)?' })).toBe(
      'Which region (EMEA / NA / APAC)?',
    );
  });
});

describe('a number answer', () => {
  const n = field('number', 'partner_size');
  it.each([
    ['200', 200],
    ['1,200', 1200],
    ['1.5k', 1500],
    ['2m', 2_000_000],
    ['$50,000', 50000],
    ['20%', 20],
    ['200 people', 200],
    ['about 45', 45],
    ['~45', 45],
    ['1.1k', 1100],
    ['0.5', 0.5],
    ['1,200.50', 1200.5],
    ['USD 3k', 3000],
    ['1.200.000', 1_200_000],
    ['0', 0],
    ['200. Thanks', 200],
    ['2.5 million', 2_500_000],
  ])('reads %s as %s', (text, expected) => {
    expect(value(n, text)).toBe(expected);
  });

  it.each(['lots', 'a few', 'Q3', '2 or 3', '10-20', '1e3', '0x10', '1,5', '2026-12-15'])(
    'refuses %s, naming the field and the form',
    (text) => {
      expect(refusal(n, text)).toMatch(
        /is not a number I can read for Partner size: reply with one figure, e\.g\. 200/,
      );
    },
  );

  it('refuses negative figures', () => {
    expect(refusal(n, '-5')).toBe('Partner size cannot be negative: reply with 0 or more.');
    expect(refusal(n, 'minus 5')).toContain('cannot be negative');
    expect(refusal(n, '$-50')).toContain('cannot be negative');
  });

  it('refuses a dot that could group thousands or mark decimals', () => {
    expect(refusal(n, '€ 12.000')).toBe(
      '“€ 12.000” could be 12 or 12000 for Partner size: write thousands without a dot, e.g. 12000.',
    );
  });
});

describe('a number answer with a range', () => {
  const rate = field('number', 'commission_rate', { min: 0, max: 100, unit: 'percent' });
  const term = field('number', 'term_months', { min: 1, max: 120, unit: 'months' });

  it('names the range in the question', () => {
    expect(answerKind(rate)).toBe('number, 0–100%');
    expect(questionLine({ ...term, question: 'How many months is the initial term?' })).toBe(
      'How many months is the initial term — number, 1–120 months?',
    );
  });

  it('takes a figure inside the range, at both ends', () => {
    expect(value(rate, '12%')).toBe(12);
    expect(value(rate, '0')).toBe(0);
    expect(value(rate, '100')).toBe(100);
  });

  it('refuses a figure outside it, with the range', () => {
    expect(refusal(rate, '250%')).toBe(
      '“250%” is outside the range for Commission rate: reply with a number from 0–100%.',
    );
    expect(refusal(term, '250 months')).toBe(
      '“250 months” is outside the range for Term months: reply with a number from 1–120 months.',
    );
    expect(refusal(term, '0')).toContain('from 1–120 months');
  });
});

describe('a date answer (today is Wednesday 2026-11-25)', () => {
  const d = field('date');
  it.each([
    ['2026-12-15', '2026-12-15'],
    ['2026/12/15', '2026-12-15'],
    ['15 Dec 2026', '2026-12-15'],
    ['Dec 15', '2026-12-15'],
    ['December 15, 2026', '2026-12-15'],
    ['15th of December', '2026-12-15'],
    ['Fri, Dec 4', '2026-12-04'],
    ['15/12/2026', '2026-12-15'],
    ['12/15/2026', '2026-12-15'],
    ['15.12.26', '2026-12-15'],
    ['today', '2026-11-25'],
    ['tomorrow', '2026-11-26'],
    ['Today.', '2026-11-25'],
    ['friday', '2026-11-27'],
    ['this Friday', '2026-11-27'],
    ['next friday', '2026-12-04'],
    ['next monday', '2026-11-30'],
    ['wednesday', '2026-11-25'],
    ['next wednesday', '2026-12-02'],
    ['in 2 weeks', '2026-12-09'],
    ['in 10 days', '2026-12-05'],
    ['in a month', '2026-12-25'],
    ['3 weeks from now', '2026-12-16'],
    ['next week', '2026-12-02'],
    ['next month', '2026-12-25'],
    ['end of month', '2026-11-30'],
    ['end of the month', '2026-11-30'],
    ['end of next month', '2026-12-31'],
    ['end of quarter', '2026-12-31'],
    ['end of year', '2026-12-31'],
    ['start of next month', '2026-12-01'],
    ['end of week', '2026-11-27'],
    ['by end of month', '2026-11-30'],
  ])('reads %s as %s', (text, expected) => {
    expect(value(d, text)).toBe(expected);
  });

  it('takes a date without a year as its next occurrence on or after today', () => {
    expect(value(d, 'Nov 25')).toBe('2026-11-25');
    expect(value(d, 'Nov 1')).toBe('2027-11-01');
    expect(value(d, '3 January')).toBe('2027-01-03');
    expect(value(d, 'Feb 29')).toBe('2028-02-29');
  });

  it('counts months from the day and keeps it in the month (Jan 31 + 1 month = Feb 28)', () => {
    expect(value(d, 'next month', { today: '2027-01-31', timezone: 'UTC' })).toBe('2027-02-28');
  });

  it('refuses what it cannot read with the YYYY-MM-DD form', () => {
    expect(refusal(d, 'next thursdy')).toBe(
      '“next thursdy” is not a date I can read for Kickoff date: write it as YYYY-MM-DD, e.g. 2026-12-15.',
    );
    for (const text of ['soon', 'Q1', 'the 15th', 'someday maybe', '2026-13-01x'])
      expect(refusal(d, text)).toContain('is not a date I can read for Kickoff date');
  });

  it('refuses a day that could be read two ways', () => {
    expect(refusal(d, '05/06/2026')).toBe(
      '“05/06/2026” could be 2026-06-05 or 2026-05-06 for Kickoff date: write it as YYYY-MM-DD, e.g. 2026-12-15.',
    );
  });

  it('refuses days that do not exist, months without a day and far years', () => {
    expect(refusal(d, '2026-02-30')).toContain('is not a real calendar date');
    expect(refusal(d, '31 April')).toContain('is not a real calendar date');
    expect(refusal(d, 'December 2026')).toContain('has no day of the month');
    expect(refusal(d, '1999-12-31')).toContain('outside 2000–2100');
  });
});

describe('a choice answer', () => {
  const c = field('choice', 'region');
  it.each([
    ['EMEA', 'EMEA'],
    ['emea', 'EMEA'],
    ['  Apac. ', 'APAC'],
    ['e', 'EMEA'],
    ['ap', 'APAC'],
    ['we are in APAC', 'APAC'],
    ['2', 'NA'],
    ['emae', 'EMEA'],
    ['APCA', 'APAC'],
  ])('reads %s as %s', (text, expected) => {
    expect(value(c, text)).toBe(expected);
  });

  it('takes containment when unique', () => {
    expect(
      value(field('choice', 'tier', { choices: ['Reseller partner', 'Referral partner', 'Technology'] }), 'referral'),
    ).toBe('Referral partner');
  });

  it('refuses an unknown answer, listing the choices', () => {
    expect(refusal(c, 'europe')).toBe(
      '“europe” is not one of the choices for Region: reply with one of EMEA / NA / APAC, or its number.',
    );
    expect(refusal(c, '4')).toContain('is not one of the choices');
  });

  it('refuses an answer that fits several choices', () => {
    const f = field('choice', 'plan', { choices: ['Gold plus', 'Gold', 'Silver'] });
    expect(value(f, 'gold')).toBe('Gold');
    expect(refusal(f, 'go')).toContain('matches Gold plus and Gold');
  });

  it('reads a number as a position only when the choices are not figures', () => {
    const sizes = field('choice', 'size_band', { choices: ['1-10', '11-50', '51+'] });
    expect(value(sizes, '51+')).toBe('51+');
    expect(refusal(sizes, '3')).toContain('is not one of the choices for Size band');
  });
});

describe('a user answer', () => {
  const u = field('user', 'campaign_owner');
  it('takes the id from a mention, with or without a label', () => {
    expect(value(u, '<@U123>')).toBe('U123');
    expect(value(u, '<@U123|ana>')).toBe('U123');
    expect(value(u, 'probably <@W0456DEF> from sales')).toBe('W0456DEF');
  });

  it('takes a bare member id', () => {
    expect(value(u, 'U0123ABC')).toBe('U0123ABC');
  });

  it('takes “me” as the person answering, when known', () => {
    expect(value(u, 'me', { ...ctx, userId: 'U0ME0001' })).toBe('U0ME0001');
    expect(refusal(u, 'me')).toContain('@mention the person');
  });

  it('refuses names, several people and ids in lower case', () => {
    expect(refusal(u, '@ana')).toBe(
      '“@ana” is not a Slack user for Campaign owner: @mention the person so Slack links their name, e.g. @Ana.',
    );
    expect(refusal(u, 'u0123abc')).toContain('@mention the person');
    expect(refusal(u, 'USA')).toContain('@mention the person');
    expect(refusal(u, '<@U1> and <@U2>')).toBe(
      'Campaign owner takes one person and the reply names 2: @mention just one.',
    );
  });
});

describe('a website answer', () => {
  const w = field('url', 'landing_page_url');
  it.each([
    ['acme.example', 'https://acme.example'],
    ['www.acme.example/path', 'https://www.acme.example/path'],
    ['https://acme.example/a?b=1', 'https://acme.example/a?b=1'],
    ['HTTP://acme.example', 'http://acme.example'],
    ['Booking.com.', 'https://Booking.com'],
    ['münchen.de/x', 'https://münchen.de/x'],
  ])('reads %s as %s', (text, expected) => {
    expect(value(w, text)).toBe(expected);
  });

  it.each(['acme', 'acme .example', 'not a site', 'ftp://acme.example', 'ana@acme.example', 'http://', '10.0.0.1'])(
    'refuses %s',
    (text) => {
      expect(refusal(w, text)).toMatch(/Landing page URL.*reply with a website, e\.g\. acme\.example/);
    },
  );
});

describe('an e-mail answer', () => {
  const e = field('email', 'contact_email');
  it('takes a plain address, also from an auto-link', () => {
    expect(value(e, 'ana@acme.example')).toBe('ana@acme.example');
    expect(value(e, 'mailto:Ana.Lee+partners@acme.example')).toBe('Ana.Lee+partners@acme.example');
  });

  it.each([
    'ana@',
    'ana acme',
    '@acme.example',
    'ana@acme',
    'ana..lee@acme.example',
    'ana@acme.example bob@acme.example',
  ])('refuses %s', (text) => {
    expect(refusal(e, text)).toMatch(/is not an e-mail address for Contact email: reply with one address/);
  });
});

describe('a text answer', () => {
  const t = field('text', 'goals');
  it('is trimmed and kept as typed', () => {
    expect(value(t, '  Grow pipeline “fast” & <well>  ')).toBe('Grow pipeline “fast” & <well>');
  });

  it('refuses an empty or over-long answer', () => {
    expect(refusal(t, '   ')).toBe('Goals needs an answer: reply with a few words.');
    expect(value(t, 'x'.repeat(1000))).toHaveLength(1000);
    expect(refusal(t, 'x'.repeat(1001))).toBe(
      'That answer for Goals is 1001 characters long; the limit is 1000: shorten it.',
    );
  });
});

describe('error statements', () => {
  it('never hold a ?, even when the reply did', () => {
    for (const type of ['number', 'date', 'choice', 'user', 'url', 'email'] as const) {
      const r = parseAnswer(field(type), 'what? no idea?', ctx);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).not.toContain('?');
    }
  });
});

describe('skip words', () => {
  it.each([
    'skip',
    'Skip.',
    'none',
    'N/A',
    'n/a',
    'pass',
    'not sure',
    'don’t know',
    "Don't know",
    'idk',
    'no idea',
    '-',
    'leave it blank',
  ])('%s leaves a field empty', (text) => {
    expect(isSkipWord(text)).toBe(true);
  });

  it.each(['200', 'EMEA', 'skip the intro webinar', 'nonetheless', 'no', 'pass the budget to finance'])(
    '%s is an answer',
    (text) => {
      expect(isSkipWord(text)).toBe(false);
    },
  );
});
