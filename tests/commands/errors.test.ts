import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { addSyncPartner, ephemeralReply, memoryOf, noticesSoFar, partnerRow, type SlackMessage } from './front-door';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  for (const add of ['add "Acme Corp"', 'add "Société Générale"', 'add "Milestoned Co"'])
    ephemeralReply(await t.send.command(add));
  await t.send.command('milestone "Milestoned Co" "Kickoff" 2030-01-10');
  await t.send.command('milestone "Milestoned Co" "First deal" 2030-02-20');
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(() => t.slack.reset());

const partnerIn =
  (app: TestApp) =>
  async (text: string, user?: string): Promise<SlackMessage> =>
    ephemeralReply(await app.send.command(text, user ? { user_id: user } : {}));
const partner = (text: string, user?: string): Promise<SlackMessage> => partnerIn(t)(text, user);

/** Runs a command that must be refused: returns the reply, and checks partner memory did not move. */
async function refused(app: TestApp, text: string, user?: string): Promise<SlackMessage> {
  const before = await memoryOf(app.store);
  const reply = await partnerIn(app)(text, user);
  expect(await memoryOf(app.store), `${text} changed partner memory`).toBe(before);
  expect(reply.all, text).toContain(':warning: ');
  return reply;
}
const refuse = (text: string, user?: string) => refused(t, text, user);

describe('an unknown subcommand', () => {
  it('shows help with the closest command: "Did you mean `show`?" for `shwo`', async () => {
    const reply = await refuse('shwo "Acme Corp"');
    expect(reply.texts[0]).toBe('PartnerOS — /partner commands');
    expect(reply.texts).toContain(':warning: `shwo` is not a /partner command. Did you mean `show`?');
    expect(reply.all).toContain('`/partner archive &lt;name&gt;`');
  });

  it('shows the whole help when nothing is close', async () => {
    const reply = await refuse('xyzzy');
    expect(reply.texts[0]).toBe('PartnerOS — /partner commands');
    expect(reply.texts).toContain(':warning: `xyzzy` is not a /partner command. Here is everything /partner can do:');
  });
});

describe('an unknown partner', () => {
  it.each(['show "Acme Crop"', 'tier "Acme Crop" Gold', 'note Acme Crop met the VP'])(
    '`%s` names the closest partner',
    async (text) => {
      const reply = await refuse(text);
      expect(reply.texts[0]).toBe(':warning: No partner called “Acme Crop”.\nDid you mean “Acme Corp”?');
    },
  );

  it('finds close names despite accents and case', async () => {
    const reply = await refuse('show societe generalle');
    expect(reply.all).toContain('Did you mean “Société Générale”?');
  });

  it('says how to list or add partners when nothing is close', async () => {
    const reply = await refuse('show "Qwxz Vvvv"');
    expect(reply.text).toBe(
      'No partner called “Qwxz Vvvv”. See `/partner list`, or add it with `/partner add "Name"`.',
    );
  });
});

describe('a bad value', () => {
  it.each(['add "Tiered Co" tier=Platinum', 'tier "Acme Corp" Platinum', 'list tier=Platinum'])(
    '`%s` lists the valid tiers',
    async (text) => {
      const reply = await refuse(text);
      expect(reply.text).toContain('“Platinum” is not a tier. Tiers are Gold, Silver, Bronze.');
    },
  );

  it.each(['stage "Acme Corp" dormant', 'list stage=dormant'])('`%s` lists the stages', async (text) => {
    const reply = await refuse(text);
    expect(reply.text).toContain(
      '“dormant” is not a stage. Stages are prospect, recruiting, onboarding, active, growing, at_risk, exited.',
    );
  });

  it('a bad type lists the types', async () => {
    const reply = await refuse('add "Typed Co" type=distributor');
    expect(reply.text).toContain(
      '“distributor” is not a partner type. Types are reseller, referral, si, isv, technology.',
    );
  });

  it.each([
    ['2026-13-01', '“2026-13-01” is not a real calendar date.'],
    ['2026-02-30', '“2026-02-30” is not a real calendar date.'],
    ['someday', '“someday” is not a date I can read.'],
    ['Dec 2026', '“Dec 2026” has no day of the month.'],
  ])('a due date %s is refused, with the forms that work', async (date, message) => {
    const reply = await refuse(`milestone "Acme Corp" "Kickoff" ${date}`);
    expect(reply.text).toContain(message);
    expect(reply.all).toContain('Write the date as YYYY-MM-DD');
    expect(reply.all).toContain('next friday');
  });

  it.each(['150', '-3', '7.5', 'abc', '101'])('a health score of %s is refused, asking for 0 to 100', async (score) => {
    const reply = await refuse(`health "Acme Corp" ${score}`);
    expect(reply.text).toContain(score);
    expect(reply.text).toContain('whole number from 0 to 100');
  });

  it.each(['0', '100'])('a health score of %s is accepted', async (score) => {
    await partner(`health "Acme Corp" ${score}`);
    expect((await partnerRow(t.store, 'Acme Corp')).health).toBe(Number(score));
  });
});

describe('a duplicate name', () => {
  it.each([
    ['acme corp', 'Acme Corp'],
    ['ACME  CORP', 'Acme Corp'],
    ['SOCIÉTÉ GÉNÉRALE', 'Société Générale'],
    ['Socie\u0301te\u0301 Ge\u0301ne\u0301rale', 'Société Générale'],
  ])('“%s” is refused: there is already “%s”', async (typed, existing) => {
    const reply = await refuse(`add "${typed}"`);
    expect(reply.text).toContain(`There is already a partner called “${existing}”.`);
  });
});

describe('a missing milestone', () => {
  it('`done` lists the open milestones', async () => {
    const reply = await refuse('done "Milestoned Co" "Launch party"');
    expect(reply.text).toContain('“Milestoned Co” has no open milestone called “Launch party”.');
    expect(reply.text).toContain('Open milestones: “Kickoff”, “First deal”.');
  });
});

describe('a malformed command', () => {
  it.each(['show "Acme Corp', 'add "Unclosed Co tier=Gold'])('`%s` points at the unmatched quote', async (text) => {
    const reply = await refuse(text);
    expect(reply.text).toContain('There is an opening " without its closing quote.');
  });

  it.each([
    ['add', '`add` needs the partner’s name.'],
    ['tier "Acme"', '`tier` needs a tier after the partner name.'],
    ['milestone "Acme" "x"', '`milestone` needs a title and a due date after the partner name.'],
    ['health "Acme Corp"', '`health` needs a score from 0 to 100 after the partner name.'],
    ['note "Acme Corp"', '`note` needs the text of the note after the partner name.'],
    ['owner "Acme Corp"', '`owner` needs an @owner after the partner name.'],
    ['show', '`show` needs a partner name.'],
  ])('`%s` says what is missing and shows the usage', async (text, message) => {
    const reply = await refuse(text);
    const sub = text.split(' ')[0];
    expect(reply.text).toContain(message);
    expect(reply.text).toContain(`Usage: \`/partner ${sub} `);
    expect(reply.all).toContain(`Full usage: \`/partner help ${sub}\``);
  });

  it.each([
    ['add "Ownerless Co" owner=ana', 'owner= must be a Slack @mention, not “ana”.'],
    ['add "Ownerless Co" owner=@ana', 'owner= must be a Slack @mention, not “@ana”.'],
    ['owner "Acme Corp" ana', 'The owner must be a Slack @mention, not “ana”.'],
    ['list owner=ana', 'owner= must be a Slack @mention, not “ana”.'],
  ])('`%s` asks for an @mention', async (text, message) => {
    const reply = await refuse(text);
    expect(reply.text).toContain(message);
  });

  it('refuses a name over 100 characters, and takes one of exactly 100', async () => {
    const reply = await refuse(`add ${'x'.repeat(101)}`);
    expect(reply.text).toContain('That name is 101 characters long; the limit is 100.');
    await partner(`add ${'é'.repeat(100)}`);
    expect((await partnerRow(t.store, 'é'.repeat(100))).name).toHaveLength(100);
  });
});

describe('with a company tier list', () => {
  let custom: TestApp;
  beforeAll(async () => {
    custom = await startTestApp({
      config:
        'tiers:\n  - {name: Strategic, qbr_every_months: 1}\n  - {name: Select, qbr_every_months: 6}\n  - {name: Registered, qbr_every_months: 12}\n',
    });
    ephemeralReply(await custom.send.command('add "Acme Corp"'));
  });
  afterAll(async () => {
    await custom?.stop();
  });

  it.each(['add "Big Co" tier=Gold', 'tier "Acme Corp" Gold', 'list tier=Gold'])(
    '`%s` lists the company’s tiers, not the defaults',
    async (text) => {
      const reply = await refused(custom, text);
      expect(reply.text).toContain('“Gold” is not a tier. Tiers are Strategic, Select, Registered.');
    },
  );

  it('takes a company tier', async () => {
    ephemeralReply(await custom.send.command('tier "Acme Corp" Strategic'));
    expect((await partnerRow(custom.store, 'Acme Corp')).tier).toBe('Strategic');
  });
});

describe('permissions, with admins configured', () => {
  let guarded: TestApp;
  const as = (user: string) => (text: string) => partnerIn(guarded)(text, user);
  beforeAll(async () => {
    guarded = await startTestApp({ config: 'admins: [U0ADMIN]\n' });
    await addSyncPartner(guarded);
    ephemeralReply(
      await guarded.send.command('add "Guarded Co" owner=<@U0OWNER|owner> channel=<#C0GUARD|guard>', {
        user_id: 'U0ADMIN',
      }),
    );
    ephemeralReply(await guarded.send.command('milestone "Guarded Co" "Kickoff" 2030-01-10', { user_id: 'U0ADMIN' }));
    await until(
      () => guarded.slack.calls('chat.postMessage').filter((c) => c.params.channel === 'C0GUARD').length === 2,
    );
  });
  afterAll(async () => {
    await guarded?.stop();
  });
  beforeEach(() => guarded.slack.reset());

  it.each([
    'tier "Guarded Co" Gold',
    'stage "Guarded Co" active',
    'owner "Guarded Co" <@U0BOB|bob>',
    'channel "Guarded Co" <#C0BOB|bob>',
    'health "Guarded Co" 10',
    'note "Guarded Co" taking over',
    'milestone "Guarded Co" "Mine" 2030-03-01',
    'done "Guarded Co" "Kickoff"',
    'archive "Guarded Co"',
  ])('a non-owner who is not an admin cannot `%s`', async (text) => {
    const reply = await refused(guarded, text, 'U0BOB');
    expect(reply.text).toContain('Only the owner of “Guarded Co” and PartnerOS admins can change it.');
    expect(await noticesSoFar(guarded)).toHaveLength(0);
  });

  it('lets anyone read: show and list', async () => {
    const record = await as('U0BOB')('show "Guarded Co"');
    expect(record.texts[0]).toBe('⚪ *Guarded Co*');
    const list = await as('U0BOB')('list');
    expect(list.all).toContain('*Guarded Co* · Bronze · prospect · <@U0OWNER>');
  });

  it('lets the owner change it', async () => {
    const reply = await as('U0OWNER')('tier "Guarded Co" Silver');
    expect(reply.texts[0]).toBe('✅ *Guarded Co*: tier set to Silver (was Bronze)');
    const row = await partnerRow(guarded.store, 'Guarded Co');
    expect(row.tier).toBe('Silver');
    expect((await guarded.store.audit.forPartner(row.id, 1))[0]).toMatchObject({
      user_id: 'U0OWNER',
      action: 'partner.tier',
    });
  });

  it('lets an admin change it', async () => {
    const reply = await as('U0ADMIN')('stage "Guarded Co" active');
    expect(reply.texts[0]).toBe('✅ *Guarded Co*: stage set to active (was prospect)');
    const row = await partnerRow(guarded.store, 'Guarded Co');
    expect(row.stage).toBe('active');
    expect((await guarded.store.audit.forPartner(row.id, 1))[0]).toMatchObject({
      user_id: 'U0ADMIN',
      action: 'partner.stage',
    });
  });
});

describe('permissions, with no admins configured', () => {
  it('lets everyone change any partner', async () => {
    const reply = await partner('tier "Acme Corp" Silver', 'U0BOB');
    expect(reply.texts[0]).toBe('✅ *Acme Corp*: tier set to Silver (was Bronze)');
    const row = await partnerRow(t.store, 'Acme Corp');
    expect(row).toMatchObject({ tier: 'Silver', owner_user_id: 'U0ALICE' });
    expect((await t.store.audit.forPartner(row.id, 1))[0]).toMatchObject({ user_id: 'U0BOB', action: 'partner.tier' });
  });
});
