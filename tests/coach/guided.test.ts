import { describe, expect, it } from 'vitest';
import type { AskContext, CoachTurn, StepContext } from '../../src/domain/coach/engine';
import { guidedCoach } from '../../src/domain/coach/guided';
import { coachAnswerText, coachReplyBody } from '../../src/slack/blocks/coach';
import { decodeMessageText } from '../../src/slack/wire';
import { prng } from '../support/prng';
import { company, library, makeContext, makeMemory, makePartner, makePlaybook, TODAY } from './factories';

const coach = guidedCoach(library);
const ME = 'U0ME00001';
/** The turn, and its reply as the thread shows it (rendered by the Slack edge). */
async function say(context: StepContext, text: string): Promise<CoachTurn & { text: string }> {
  const turn = await coach.turn(context, { text, userId: ME });
  return { ...turn, text: coachReplyBody({ turn, fields: context.fields }) };
}
/** A free question's answer as the Slack edge shows it. */
const ask = async (context: AskContext, question: string): Promise<{ text: string }> => ({
  text: coachAnswerText(await coach.ask(context, question)),
});

/** Every required field of step 1 answered: only the optional ones are left. */
const REQUIRED = { partner_size: 150, kickoff_date: '2026-12-01', region: 'NA', campaign_owner: 'U0AAA0001' };
const ALL = {
  ...REQUIRED,
  landing_page_url: 'https://acme.example',
  contact_email: 'ana@acme.example',
  goals: 'Leads',
};

describe('the guided coach: answers to the pending question', () => {
  it('is the guided engine', () => {
    expect(coach.kind).toBe('guided');
  });

  it('records the whole reply as the answer to the pending field', async () => {
    const turn = await say(makeContext(), 'about 1,200 people');
    expect(turn).toMatchObject({ values: { partner_size: 1200 }, skipped: [], problems: [] });
    expect(turn.text).toContain('*Partner size* 1,200');
  });

  it('keeps a free-text answer exactly as typed, semicolons and line breaks included', async () => {
    const context = makeContext({
      answers: { ...REQUIRED, landing_page_url: 'https://acme.example', contact_email: 'a@b.example' },
    });
    for (const typed of [
      '40 sellers in EMEA; our champion is Ana Lopez',
      'Two goals:\n- 40 leads; 10 meetings\n- one case study',
    ]) {
      const turn = await say(context, typed);
      expect(turn.values).toEqual({ goals: typed });
      expect(turn.problems).toEqual([]);
    }
  });

  it('still reads "; " between named values as several answers', async () => {
    const turn = await say(makeContext(), 'partner size: 200; region: EMEA');
    expect(turn.values).toEqual({ partner_size: 200, region: 'EMEA' });
  });

  it('refuses a figure outside the field’s range and says the range', async () => {
    const playbook = makePlaybook();
    const step = playbook.steps[0];
    const ranged = {
      ...playbook,
      steps: [
        {
          ...step,
          fields: (step?.fields ?? []).map((f) =>
            f.id === 'partner_size' ? { ...f, min: 1, max: 100000, unit: 'count' as const } : f,
          ),
        },
        ...playbook.steps.slice(1),
      ],
    } as typeof playbook;
    const turn = await say(makeContext({ playbook: ranged }), '250 million');
    expect(turn.values).toEqual({});
    expect(turn.problems[0]?.message).toContain(
      'is outside the range for Partner size: reply with a number from 1–100,000.',
    );
  });

  it('reports an answer that does not fit, naming the field and the form', async () => {
    const turn = await say(makeContext(), 'lots');
    expect(turn.values).toEqual({});
    expect(turn.problems).toEqual([
      {
        fieldId: 'partner_size',
        message: expect.stringContaining('“lots” is not a number I can read for Partner size'),
      },
    ]);
  });

  it('reads relative dates from today and shows the weekday it chose', async () => {
    const turn = await say(makeContext({ answers: { partner_size: 10 } }), 'next friday');
    expect(turn.values).toEqual({ kickoff_date: '2026-12-04' });
    expect(turn.text).toContain('2026-12-04 (Fri 4 Dec)');
  });

  it('takes a person from a decoded mention, and “me” as the one answering', async () => {
    const context = makeContext({ answers: { partner_size: 10, kickoff_date: TODAY, region: 'NA' } });
    const mention = await say(context, decodeMessageText('<@U0123ABC|ana> will own it'));
    expect(mention.values).toEqual({ campaign_owner: 'U0123ABC' });
    expect(mention.text).toContain('<@U0123ABC>');
    expect((await say(context, 'me')).values).toEqual({ campaign_owner: ME });
  });

  it('takes an auto-linked website and e-mail once decoded', async () => {
    const url = await say(
      makeContext({ answers: REQUIRED }),
      decodeMessageText('<http://acme.example/partners|acme.example/partners>'),
    );
    expect(url.values).toEqual({ landing_page_url: 'https://acme.example/partners' });
    const email = await say(
      makeContext({ answers: { ...REQUIRED, landing_page_url: null } }),
      decodeMessageText('<mailto:ana@acme.example|ana@acme.example>'),
    );
    expect(email.values).toEqual({ contact_email: 'ana@acme.example' });
  });

  it('escapes the user’s text when it echoes it', async () => {
    const context = makeContext({ answers: { ...REQUIRED, landing_page_url: null, contact_email: null } });
    const turn = await say(context, 'Beat <!channel> & AT&T');
    expect(turn.values).toEqual({ goals: 'Beat <!channel> & AT&T' });
    expect(turn.text).toContain('“Beat &lt;!channel&gt; &amp; AT&amp;T”');
    expect(turn.text).not.toContain('<!channel>');
  });
});

describe('the guided coach: named values and corrections', () => {
  it('corrects an earlier answer by its name', async () => {
    const turn = await say(makeContext({ answers: REQUIRED }), 'actually the size is 200');
    expect(turn.values).toEqual({ partner_size: 200 });
    expect(turn.text).toContain('*Partner size* changed from 150 to 200');
  });

  it.each([
    ['partner size: 200', { partner_size: 200 }],
    ['size = 200', { partner_size: 200 }],
    ['the kickoff date is 2026-12-15', { kickoff_date: '2026-12-15' }],
    ['kickoff: next friday', { kickoff_date: '2026-12-04' }],
    ['change region to EMEA', { region: 'EMEA' }],
    ['set the campaign owner to <@U0BBB0002>', { campaign_owner: 'U0BBB0002' }],
    ['landing page: www.acme.example', { landing_page_url: 'https://www.acme.example' }],
    ['the kickoff date is December 15, 2026', { kickoff_date: '2026-12-15' }],
  ])('reads “%s”', async (text, values) => {
    const turn = await say(makeContext({ answers: REQUIRED }), text);
    expect(turn.values).toEqual(values);
    expect(turn.problems).toEqual([]);
  });

  it('reads several named values in one reply: lines, “;” and “,”', async () => {
    const turn = await say(
      makeContext(),
      'partner size: 200\nregion: emea; kickoff = next friday\nowner: <@U0CCC0003>, goals: more leads',
    );
    expect(turn.values).toEqual({
      partner_size: 200,
      region: 'EMEA',
      kickoff_date: '2026-12-04',
      campaign_owner: 'U0CCC0003',
      goals: 'more leads',
    });
  });

  it('gives the unnamed rest of the reply to the pending field', async () => {
    const turn = await say(makeContext(), '200\nregion: APAC');
    expect(turn.values).toEqual({ partner_size: 200, region: 'APAC' });
  });

  it('reports a named value that does not fit, and records the others', async () => {
    const turn = await say(makeContext({ answers: REQUIRED }), 'size: lots; region: APAC');
    expect(turn.values).toEqual({ region: 'APAC' });
    expect(turn.problems).toEqual([{ fieldId: 'partner_size', message: expect.stringContaining('for Partner size') }]);
  });

  it('does not take prose about a field as its value', async () => {
    const context = makeContext({ answers: { ...REQUIRED, landing_page_url: null, contact_email: null } });
    const turn = await say(context, 'the region is tricky for us and the kickoff was late');
    expect(turn.values).toEqual({ goals: 'the region is tricky for us and the kickoff was late' });
  });

  it('says so when a name fits several fields, and records nothing for it', async () => {
    const playbook = makePlaybook({
      steps: [
        {
          id: 'dates',
          name: 'Dates',
          template: 'enablement/launch-checklist',
          guidance: 'Pick the dates.',
          checklist: ['Dates agreed'],
          tier_notes: { default: 'Keep it short.' },
          fields: [
            { id: 'kickoff_date', question: 'When is the kickoff?', type: 'date' },
            { id: 'launch_date', question: 'When is the launch?', type: 'date' },
          ],
        },
      ],
    });
    const turn = await say(
      makeContext({ playbook, answers: { kickoff_date: TODAY, launch_date: TODAY } }),
      'date: 2026-12-15',
    );
    expect(turn.values).toEqual({});
    expect(turn.text).toContain('“date” names more than one field (Kickoff date, Launch date)');
    expect(
      (
        await say(
          makeContext({ playbook, answers: { kickoff_date: TODAY, launch_date: TODAY } }),
          'launch date: 2026-12-15',
        )
      ).values,
    ).toEqual({ launch_date: '2026-12-15' });
  });

  it('ignores names of fields in other steps', async () => {
    const turn = await say(makeContext({ answers: ALL }), 'launch date: 2026-12-15');
    expect(turn.values).toEqual({});
    expect(turn.text).toContain('Nothing was recorded: every field of this step has an answer');
  });
});

describe('the guided coach: skipping', () => {
  it('leaves an optional pending field empty on a skip word', async () => {
    const turn = await say(makeContext({ answers: REQUIRED }), 'n/a');
    expect(turn).toMatchObject({ values: {}, skipped: ['landing_page_url'], problems: [] });
    expect(turn.text).toContain('Left empty: *Landing page URL*');
  });

  it('refuses to skip a required field and points at the Skip button', async () => {
    const turn = await say(makeContext(), 'not sure');
    expect(turn.skipped).toEqual([]);
    expect(turn.problems).toEqual([
      {
        fieldId: 'partner_size',
        message:
          'Partner size is required, so it cannot be left empty: answer it, or press Skip to skip the whole step.',
      },
    ]);
  });

  it('skips a named optional field', async () => {
    expect((await say(makeContext({ answers: REQUIRED }), 'contact email: none')).skipped).toEqual(['contact_email']);
  });

  it('takes a choice called “None” as that choice', async () => {
    const playbook = makePlaybook({
      steps: [
        {
          id: 'support',
          name: 'Support',
          template: 'enablement/launch-checklist',
          guidance: 'Pick a level.',
          checklist: ['Level agreed'],
          tier_notes: { default: 'Keep it short.' },
          fields: [
            {
              id: 'support_level',
              question: 'Which support level?',
              type: 'choice',
              choices: ['None', 'Basic', 'Premium'],
            },
          ],
        },
      ],
    });
    expect((await say(makeContext({ playbook }), 'none')).values).toEqual({ support_level: 'None' });
  });
});

describe('the guided coach: progress', () => {
  it('shows the checklist once every field has an answer', async () => {
    const turn = await say(
      makeContext({ answers: { ...REQUIRED, landing_page_url: null, contact_email: null } }),
      'More pipeline in EMEA',
    );
    expect(turn.text).toContain('Every field of this step has an answer: press *Next step* to continue.');
    expect(turn.text).toContain('• Budget split agreed in writing');
  });

  it('says the step can move on once only optional fields are left', async () => {
    const turn = await say(
      makeContext({ answers: { partner_size: 1, kickoff_date: TODAY, region: 'NA' } }),
      '<@U0DDD0004>',
    );
    expect(turn.text).toContain('The required fields of this step have answers');
  });

  it('records nothing for a navigation word or an empty reply', async () => {
    for (const text of ['next', 'Next step', 'back', '   ']) {
      const turn = await say(makeContext(), text);
      expect(turn).toMatchObject({ values: {}, skipped: [], problems: [] });
      expect(turn.text).toMatch(/^Nothing was recorded/);
    }
  });
});

describe('the guided coach: questions in the thread', () => {
  it('records nothing and answers from the step, with the tier note for the partner’s tier', async () => {
    const turn = await say(makeContext(), 'How big should the budget be for this one? 200?');
    expect(turn).toMatchObject({ values: {}, skipped: [], problems: [] });
    expect(turn.text).toContain('*Plan the campaign*: Agree the audience, the budget split and one launch date');
    expect(turn.text).toContain('*For Gold partners*: Gold partners get a matched MDF budget');
    expect(turn.text).toContain('`enablement/co-marketing-plan`');
    expect(turn.text.match(/OPENAI_API_KEY/g)).toHaveLength(1);
  });

  it('falls back to the default tier note', async () => {
    const memory = makeMemory({ partner: makePartner({ tier: 'Silver' }) });
    const turn = await say(makeContext({ memory }), 'any advice?');
    expect(turn.text).toContain('*For Silver partners*: Keep the first campaign small: one webinar.');
  });

  it('says what a field it is asked about wants', async () => {
    const turn = await say(makeContext({ answers: { partner_size: 1 } }), 'which date format do you want?');
    expect(turn.text).toContain('*Kickoff date* takes a date (YYYY-MM-DD); it is required.');
  });

  it('points at matching templates and playbooks from the library', async () => {
    const turn = await say(makeContext(), 'should we also sign an NDA first?');
    expect(turn.text).toContain('`legal/mutual-nda` Mutual NDA: `/partner template legal/mutual-nda "Acme Corp"`');
  });
});

describe('the guided coach: free questions', () => {
  it('sums up a known partner and points at what matches, with the commands to use', async () => {
    const { text } = await ask({ company, memory: makeMemory(), today: TODAY }, 'How should I prep the Acme QBR?');
    expect(text).toContain('*Acme Corp* · Gold tier · stage active · health 72 (yellow)');
    expect(text).toContain('First joint deal due 2026-11-20 (overdue)');
    expect(text).toContain('Last QBR 2026-07-01; the next is overdue since 2026-10-01');
    expect(text).toContain(
      '`enablement/qbr-document` QBR document: `/partner template enablement/qbr-document "Acme Corp"`',
    );
    expect(text).toContain('`/partner run qbr "Acme Corp"`');
    expect(text).not.toContain('?');
  });

  it('without a partner, lists matches and says how to name one', async () => {
    const { text } = await ask({ company, memory: null, today: TODAY }, 'where is the commission plan?');
    expect(text).toContain(
      '`finance/commission-structure` Commission structure: `/partner template finance/commission-structure`',
    );
    expect(text).toContain('Name a partner PartnerOS knows');
    expect(text).not.toContain('?');
  });

  it('says when nothing matches', async () => {
    const { text } = await ask({ company, memory: null, today: TODAY }, 'weather in Lisbon?');
    expect(text).toContain('No template or playbook matches those words');
  });
});

describe('the guided coach: the thread rule', () => {
  const pieces = [
    '200',
    'lots',
    'size: 12.000',
    'actually the size is 200',
    'kickoff: next thursdy',
    'region = europe',
    '<@U0123ABC>',
    '@ana',
    'what?',
    'why? because',
    'skip',
    'none',
    'acme.example/?q=1',
    'https://x.example/a?b=c',
    'ana@',
    'date: 2026-02-30',
    '05/06/2026',
    'n/a',
    'change region to ?',
    'goals: ??? maybe',
    'size is ? or 5',
    '¿qué?',
    'a & b < c > d',
    'owner: me',
    'next',
    '',
    'Q3?',
    'is it EMEA? NA',
  ];
  const contexts = [
    makeContext(),
    makeContext({ answers: { partner_size: 1 } }),
    makeContext({ answers: REQUIRED }),
    makeContext({ answers: ALL }),
    makeContext({ answers: { ...REQUIRED, landing_page_url: null, contact_email: null } }),
    makeContext({ stepIndex: 1 }),
    makeContext({ memory: makeMemory({ partner: makePartner({ tier: 'Strategic?', name: 'Who? Inc' }) }) }),
  ];

  it('never returns a ? in its text or problems, whatever the reply', async () => {
    const random = prng(42);
    for (let i = 0; i < 600; i++) {
      const n = 1 + Math.floor(random() * 3);
      const sep = ['\n', '; ', ', ', ' '][Math.floor(random() * 4)] ?? ' ';
      const text = Array.from({ length: n }, () => pieces[Math.floor(random() * pieces.length)] ?? '').join(sep);
      const context = contexts[Math.floor(random() * contexts.length)] ?? makeContext();
      const turn = await say(context, text);
      expect(turn.text, text).not.toMatch(/[?？]/);
      for (const p of turn.problems) expect(p.message, text).not.toContain('?');
      const answer = await ask({ company, memory: random() < 0.5 ? null : context.memory, today: TODAY }, text);
      expect(answer.text, text).not.toContain('?');
    }
  });

  it('gives the same turn for the same reply', async () => {
    for (const text of pieces) expect(await say(makeContext(), text)).toEqual(await say(makeContext(), text));
  });
});
