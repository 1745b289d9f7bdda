import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUBCOMMANDS } from '../../src/domain/commands/catalogue';
import { fixedClock } from '../../src/domain/clock';
import { renderComing } from '../../src/slack/blocks/help';
import type { PartnerRow } from '../../src/store/partners';
import type { Store } from '../../src/store';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import {
  addSyncPartner,
  buttonsIn,
  ephemeralReply,
  makePartner,
  messageOf,
  noticesSoFar,
  partnerRow,
  type SlackMessage,
  mrkdwn,
} from './front-door';

// Partner-local "today" is 2026-11-24 (America/New_York, the default reminders time zone).
const TODAY = '2026-11-24';
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock('2026-11-24T15:00:00Z') });
  await addSyncPartner(t);
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(() => t.slack.reset());

/** `/partner <text>` from U0ALICE (or `user`), answered in the ack body. */
const partner = async (text: string, user?: string): Promise<SlackMessage> =>
  ephemeralReply(await t.send.command(text, user ? { user_id: user } : {}));

/** Adds a partner through the command and waits for its "added" notice when it has a channel. */
async function added(text: string, channel?: string): Promise<void> {
  const reply = await partner(`add ${text}${channel ? ` channel=<#${channel}|${channel.toLowerCase()}>` : ''}`);
  expect(reply.text).toContain('added');
  if (channel) await until(() => t.slack.calls('chat.postMessage').some((c) => c.params.channel === channel));
  t.slack.reset();
}

/** The one notice posted in `channel`, once it has arrived. */
async function noticeIn(channel: string): Promise<SlackMessage & { method: string; params: Record<string, unknown> }> {
  const call = await until(() =>
    t.slack.calls().find((c) => c.method.startsWith('chat.') && c.params.channel === channel),
  );
  return { ...messageOf(call.params), method: call.method, params: call.params };
}

const latestAudit = async (store: Store, row: PartnerRow) => (await store.audit.forPartner(row.id, 1))[0];

describe('/partner help', () => {
  const ISSUE_GRAMMAR = [
    'add',
    'list',
    'show',
    'tier',
    'stage',
    'owner',
    'channel',
    'health',
    'note',
    'milestone',
    'done',
    'archive',
    'templates',
    'template',
    'playbooks',
    'run',
    'recruit',
    'onboard',
    'qbr',
    'expand',
    'exit',
    'runs',
    'reminders',
    'qbr-held',
    'help',
  ];

  it('has the whole grammar of the issue in its catalogue', () => {
    expect(SUBCOMMANDS.map((s) => s.name)).toEqual(expect.arrayContaining(ISSUE_GRAMMAR));
  });

  it.each(['help', '', '   '])('lists every subcommand, with a usage line and an example, for %j', async (text) => {
    const reply = await partner(text);
    expect(reply.texts[0]).toBe('PartnerOS — /partner commands');
    for (const spec of SUBCOMMANDS) {
      expect(reply.all).toContain(`\`/partner ${mrkdwn(spec.usage)}\``);
      expect(reply.all).toContain(`e.g. \`/partner ${mrkdwn(spec.example)}\``);
    }
    for (const name of ISSUE_GRAMMAR) expect(reply.text).toContain(name);
  });

  it('marks the subcommands not built yet as coming soon, and only those', async () => {
    const reply = await partner('help');
    for (const spec of SUBCOMMANDS) {
      const line = reply.all.split('\n').find((l) => l.startsWith(`\`/partner ${mrkdwn(spec.usage)}\``));
      expect(line, spec.name).toBeDefined();
      expect(line?.includes('coming soon'), spec.name).toBe(!spec.available);
    }
  });

  it.each([
    ['milestone', 'milestone'],
    ['ls', 'list'],
    ['recruit', 'recruit'],
  ])('explains one command with `help %s`', async (word, name) => {
    const spec = SUBCOMMANDS.find((s) => s.name === name);
    const reply = await partner(`help ${word}`);
    expect(reply.all).toContain(`/partner ${mrkdwn(spec?.usage ?? '?')}`);
    expect(reply.all).toContain(`/partner ${mrkdwn(spec?.example ?? '?')}`);
    expect(reply.all).not.toContain('PartnerOS — /partner commands');
    expect(reply.all).not.toContain('/partner archive');
  });
});

describe('a subcommand that is not built yet', () => {
  // Every subcommand is built today: the reply is checked on a spec of the test's own.
  it('answers with "coming soon" and how it will be used, never "unknown"', () => {
    const reply = renderComing({
      name: 'forecast',
      group: 'Partners',
      available: false,
      usage: 'forecast <name>',
      example: 'forecast "Acme Corp"',
      summary: 'Forecast a partner’s pipeline.',
    });
    const all = JSON.stringify(reply);
    expect(all).toContain('`/partner forecast` is coming soon');
    expect(all).toContain('forecast \\"Acme Corp\\"');
    expect(all).not.toMatch(/unknown|not a \/partner command|did you mean/i);
  });

  it('answers `playbooks` and `recruit "Acme"` now that playbooks are built', async () => {
    expect((await partner('playbooks')).text).toMatch(/^7 playbooks: recruit, onboard/);
    expect((await partner('recruit "Acme"')).text).toBe('Acme is not a partner yet.');
    // Nothing is added until the user presses "Add and start".
    expect(await t.store.partners.findByName('Acme')).toBeUndefined();
  });
});

describe('/partner add', () => {
  it('records a partner with an unquoted multi-word name and every option', async () => {
    const reply = await partner(
      'add Acme Corp tier=Gold type=reseller owner=<@U0ANA|ana> channel=<#C0ACME|partner-acme> vertical=Healthcare',
    );
    expect(reply.texts[0]).toBe('✅ *Acme Corp*: added — tier Gold, stage prospect, owner <@U0ANA>, channel <#C0ACME>');
    const row = await partnerRow(t.store, 'Acme Corp');
    expect(row).toMatchObject({
      name: 'Acme Corp',
      tier: 'Gold',
      type: 'reseller',
      stage: 'prospect',
      owner_user_id: 'U0ANA',
      channel_id: 'C0ACME',
      health: null,
      created_by: 'U0ALICE',
      archived_at: null,
    });
    expect(await latestAudit(t.store, row)).toMatchObject({ user_id: 'U0ALICE', action: 'partner.added' });
    expect(JSON.parse((await latestAudit(t.store, row))?.detail ?? '{}')).toMatchObject({
      name: 'Acme Corp',
      tier: 'Gold',
      owner_user_id: 'U0ANA',
    });
  });

  it('keeps the vertical as typed', async () => {
    await partner('add Vertical Labs vertical=Healthcare');
    expect((await partnerRow(t.store, 'Vertical Labs')).vertical).toBe('Healthcare');
    const shown = await partner('show Vertical Labs');
    expect(shown.all).toContain('*Vertical*\nHealthcare');
  });

  it('makes the caller the owner and gives the lowest tier when none is named', async () => {
    const reply = await partner('add "Globex"', 'U0BOB');
    expect(reply.text).toContain('owner <@U0BOB>');
    expect(await partnerRow(t.store, 'Globex')).toMatchObject({
      owner_user_id: 'U0BOB',
      tier: 'Bronze',
      type: null,
      channel_id: null,
    });
  });

  it('announces the new partner in its channel with who added it, never with Snooze', async () => {
    await partner('add "Initrode" tier=Silver channel=<#C0INITRODE|initrode>');
    const notice = await noticeIn('C0INITRODE');
    expect(notice.method).toBe('chat.postMessage');
    expect(notice.params.user).toBeUndefined();
    expect(notice.text).toContain('Initrode: added — tier Silver');
    expect(notice.all).toContain('by <@U0ALICE>');
    expect(buttonsIn(notice.blocks).join(' ')).not.toMatch(/snooze/i);
  });

  it('posts nothing for a partner without a channel, and says how to link one', async () => {
    const reply = await partner('add "Hooli"');
    expect(reply.all).toContain('/partner channel "Hooli" #channel');
    expect(await noticesSoFar(t)).toHaveLength(0);
  });
});

describe('/partner list', () => {
  it('shows each partner with a health badge: 🟢 80 and up, 🟡 50–79, 🔴 below 50, ⚪ unset', async () => {
    const owner = '<@U0BADGE|badge>';
    for (const [name, score] of [
      ['Badge 80', 80],
      ['Badge 79', 79],
      ['Badge 50', 50],
      ['Badge 49', 49],
      ['Badge 100', 100],
      ['Badge 0', 0],
    ] as const) {
      await partner(`add "${name}" owner=${owner}`);
      await partner(`health "${name}" ${score}`);
    }
    await partner(`add "Badge unset" owner=${owner}`);
    const lines = (await partner(`list owner=${owner}`)).all.split('\n');
    const lineOf = (name: string) => lines.find((l) => l.includes(`*${name}*`)) ?? '';
    expect(lineOf('Badge 100')).toMatch(/^🟢 /);
    expect(lineOf('Badge 80')).toMatch(/^🟢 /);
    expect(lineOf('Badge 79')).toMatch(/^🟡 /);
    expect(lineOf('Badge 50')).toMatch(/^🟡 /);
    expect(lineOf('Badge 49')).toMatch(/^🔴 /);
    expect(lineOf('Badge 0')).toMatch(/^🔴 /);
    expect(lineOf('Badge unset')).toMatch(/^⚪ /);
    expect(lineOf('Badge 80')).toBe('🟢 *Badge 80* · Bronze · prospect · <@U0BADGE>');
  });

  it('filters by tier=, stage= and owner=', async () => {
    const owner = '<@U0FILTER|filter>';
    await partner(`add "Filter Gold Active" tier=Gold owner=${owner}`);
    await partner('stage "Filter Gold Active" active');
    await partner(`add "Filter Gold Prospect" tier=Gold owner=${owner}`);
    await partner(`add "Filter Silver Active" tier=Silver owner=${owner}`);
    await partner('stage "Filter Silver Active" active');
    const names = (r: SlackMessage) =>
      r.texts
        .join('\n')
        .match(/Filter \w+ \w+/g)
        ?.sort() ?? [];

    expect(names(await partner(`list owner=${owner}`))).toEqual([
      'Filter Gold Active',
      'Filter Gold Prospect',
      'Filter Silver Active',
    ]);
    expect(names(await partner(`list tier=Gold owner=${owner}`))).toEqual([
      'Filter Gold Active',
      'Filter Gold Prospect',
    ]);
    expect(names(await partner(`list stage=active owner=${owner}`))).toEqual([
      'Filter Gold Active',
      'Filter Silver Active',
    ]);
    const both = await partner(`list tier=gold stage=active owner=${owner}`);
    expect(names(both)).toEqual(['Filter Gold Active']);
    expect(both.texts[0]).toBe('*Partners — tier Gold, stage active, owned by <@U0FILTER>* (1)');
    const none = await partner('list owner=<@U0NOBODY|nobody>');
    expect(none.text).toBe('No partners match owned by <@U0NOBODY>.');
  });

  it('pages by 50 when there are more, with page=', async () => {
    for (let i = 1; i <= 55; i++)
      await makePartner(t.store, { name: `Paged ${String(i).padStart(2, '0')}`, owner_user_id: 'U0PAGER' });
    const first = await partner('list owner=<@U0PAGER|pager>');
    expect(first.all.match(/\*Paged \d\d\*/g)).toHaveLength(50);
    expect(first.all).toContain('*Paged 50*');
    expect(first.all).not.toContain('Paged 51');
    expect(first.all).toContain('Showing 1–50 of 55 · page 1 of 2 · next: `/partner list owner=<@U0PAGER> page=2`');

    const second = await partner('list owner=<@U0PAGER|pager> page=2');
    expect(second.all.match(/\*Paged \d\d\*/g)).toEqual([
      '*Paged 51*',
      '*Paged 52*',
      '*Paged 53*',
      '*Paged 54*',
      '*Paged 55*',
    ]);
    expect(second.all).toContain('Showing 51–55 of 55 · page 2 of 2');
    expect(second.all).not.toContain('next:');

    const all = await partner('list');
    expect(all.all).toContain(`of ${await t.store.partners.count({})} · page 1 of`);
  });

  it('posts nothing, nor does show', async () => {
    await added('"Quiet Co"', 'C0QUIET');
    await partner('list');
    await partner('show "Quiet Co"');
    expect(await noticesSoFar(t)).toHaveLength(0);
  });
});

describe('/partner show', () => {
  it('shows the whole record: tier, type, stage, health with its last changes, owner, channel, milestones, notes', async () => {
    await added('"Initech" tier=Silver type=si owner=<@U0ANA|ana>', 'C0INITECH');
    await partner('health "Initech" 85 great quarter');
    await partner('health "Initech" 40 lost the champion');
    await partner('milestone "Initech" "Kickoff" 2026-11-01');
    await partner('milestone "Initech" "First deal" 2026-12-15');
    await partner(`milestone "Initech" "Board review" ${TODAY}`);
    for (const word of ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'])
      await partner(`note "Initech" note ${word}`);

    const record = await partner('show "Initech"');
    expect(record.texts[0]).toBe('🔴 *Initech*');
    for (const field of [
      '*Tier*\nSilver',
      '*Stage*\nprospect',
      '*Type*\nsi',
      '*Health*\n🔴 40',
      '*Owner*\n<@U0ANA>',
      '*Channel*\n<#C0INITECH>',
    ]) {
      expect(record.texts).toContain(field);
    }
    expect(record.all).toContain('• 🔴 40 (was 85) · 2026-11-24 · <@U0ALICE> — lost the champion');
    expect(record.all).toContain('• 🟢 85 · 2026-11-24 · <@U0ALICE> — great quarter');
    expect(record.all).toContain('• 2026-11-01 — Kickoff  ⚠️ *overdue*');
    expect(record.all).toMatch(/• 2026-12-15 — First deal$/m);
    expect(record.all).toMatch(new RegExp(`• ${TODAY} — Board review(?!.*overdue)`));
    expect(record.all).toContain('*Latest notes* (6)');
    for (const word of ['bravo', 'charlie', 'delta', 'echo', 'foxtrot']) expect(record.texts).toContain(`note ${word}`);
    expect(record.all).not.toContain('note alpha');
    expect(record.text).toBe('Initech: Silver, prospect, health 40, 3 open milestone(s), 1 overdue.');
  });

  it('shows a record with nothing yet', async () => {
    await partner('add "Bare Co"');
    const record = await partner('show Bare Co');
    expect(record.texts).toContain('*Health*\n⚪ not set');
    expect(record.all).toContain('*Open milestones*\n_None._');
    expect(record.all).toContain('*Notes*\n_None yet._');
  });
});

interface ChangeCase {
  name: string;
  command: string;
  says: string;
  /** The audit row's action and (part of) its detail: who is checked for every case. */
  audit: string;
  detail: Record<string, unknown>;
  saved: (row: PartnerRow) => void | Promise<void>;
}

const CHANGES: ChangeCase[] = [
  {
    name: 'Tier Co',
    command: 'tier "Tier Co" Gold',
    says: 'tier set to Gold (was Bronze)',
    audit: 'partner.tier',
    detail: { tier: ['Bronze', 'Gold'] },
    saved: (row) => expect(row.tier).toBe('Gold'),
  },
  {
    name: 'Stage Co',
    command: 'stage "Stage Co" at risk',
    says: 'stage set to at risk (was prospect)',
    audit: 'partner.stage',
    detail: { stage: ['prospect', 'at_risk'] },
    saved: (row) => expect(row.stage).toBe('at_risk'),
  },
  {
    name: 'Owner Co',
    command: 'owner "Owner Co" <@U0BOB|bob>',
    says: 'owner set to <@U0BOB> (was <@U0ALICE>)',
    audit: 'partner.owner',
    detail: { owner: ['U0ALICE', 'U0BOB'] },
    saved: (row) => expect(row.owner_user_id).toBe('U0BOB'),
  },
  {
    name: 'Health Co',
    command: 'health Health Co 72 pipeline slipped a quarter',
    says: 'health set to 🟡 72',
    audit: 'partner.health',
    detail: { health: [null, 72], note: 'pipeline slipped a quarter' },
    saved: async (row) => {
      expect(row.health).toBe(72);
      expect(await t.store.health.recent(row.id, 5)).toEqual([
        expect.objectContaining({ score: 72, previous: null, note: 'pipeline slipped a quarter', user_id: 'U0ALICE' }),
      ]);
    },
  },
  {
    name: 'Note Co',
    command: 'note Note Co Met their new VP of alliances',
    says: 'note added',
    audit: 'partner.note',
    detail: { length: 29 },
    saved: async (row) =>
      expect(await t.store.notes.recent(row.id, 5)).toEqual([
        expect.objectContaining({ text: 'Met their new VP of alliances', user_id: 'U0ALICE' }),
      ]),
  },
  {
    name: 'Milestone Co',
    command: 'milestone "Milestone Co" "First joint deal" 2026-12-15',
    says: 'milestone “First joint deal” added, due 2026-12-15',
    audit: 'milestone.added',
    detail: { title: 'First joint deal', due_on: '2026-12-15' },
    saved: async (row) =>
      expect(await t.store.milestones.open(row.id)).toEqual([
        expect.objectContaining({ title: 'First joint deal', due_on: '2026-12-15', created_by: 'U0ALICE' }),
      ]),
  },
  {
    name: 'Archive Co',
    command: 'archive "Archive Co"',
    says: 'archived',
    audit: 'partner.archived',
    detail: {},
    saved: (row) => expect(row.archived_at).toBe('2026-11-24T15:00:00.000Z'),
  },
];

describe('a change to a partner', () => {
  it.each(CHANGES.map((c, i) => [c.command, { ...c, channel: `C0CHANGE${i}` }] as const))(
    '`%s` is saved, audited and announced',
    async (_command, c) => {
      await added(`"${c.name}"`, c.channel);
      const reply = await partner(c.command);
      expect(reply.texts[0]).toBe(`✅ *${c.name}*: ${c.says}`);
      expect(reply.all).toContain(`Posted in <#${c.channel}>.`);

      const row = await partnerRow(t.store, c.name);
      await c.saved(row);
      const audit = await latestAudit(t.store, row);
      expect(audit).toMatchObject({ user_id: 'U0ALICE', action: c.audit });
      expect(JSON.parse(audit?.detail ?? 'null')).toMatchObject(c.detail);

      const notice = await noticeIn(c.channel);
      expect(notice.method).toBe('chat.postMessage');
      expect(notice.text).toBe(`${c.name}: ${c.says} by <@U0ALICE>`);
      expect(buttonsIn(notice.blocks).join(' ')).not.toMatch(/snooze/i);
      expect(t.slack.calls('chat.postEphemeral')).toHaveLength(0);
    },
  );

  it('carries a health reason and a note into the reply and the notice, in their own block', async () => {
    await added('"Reason Co"', 'C0REASON');
    const reply = await partner('health "Reason Co" 45 lost the champion');
    expect(reply.texts).toContain('> lost the champion');
    const notice = await noticeIn('C0REASON');
    expect(notice.texts).toContain('> lost the champion');
    expect(notice.text).toBe('Reason Co: health set to 🔴 45 by <@U0ALICE>');
  });

  it('links another channel and announces it there', async () => {
    await added('"Channel Co"', 'C0OLD');
    const reply = await partner('channel "Channel Co" <#C0NEW|partner-channel-co>');
    expect(reply.texts[0]).toBe('✅ *Channel Co*: channel set to <#C0NEW> (was <#C0OLD>)');
    const row = await partnerRow(t.store, 'Channel Co');
    expect(row.channel_id).toBe('C0NEW');
    expect(await latestAudit(t.store, row)).toMatchObject({ user_id: 'U0ALICE', action: 'partner.channel' });
    const notice = await noticeIn('C0NEW');
    expect(notice.text).toBe('Channel Co: channel set to <#C0NEW> (was <#C0OLD>) by <@U0ALICE>');
  });

  it('marks a milestone done, by its title in any case', async () => {
    await added('"Done Co"', 'C0DONE');
    await partner('milestone "Done Co" "First joint deal" 2026-12-15');
    await partner('milestone "Done Co" "Joint webinar" 2027-01-15');
    await until(() => t.slack.calls('chat.postMessage').filter((c) => c.params.channel === 'C0DONE').length === 2);
    t.slack.reset();
    const reply = await partner('done "Done Co" "first JOINT deal"');
    expect(reply.texts[0]).toBe('✅ *Done Co*: milestone “First joint deal” marked done');
    const row = await partnerRow(t.store, 'Done Co');
    expect((await t.store.milestones.open(row.id)).map((m) => m.title)).toEqual(['Joint webinar']);
    expect((await t.store.milestones.all(row.id)).find((m) => m.title === 'First joint deal')).toMatchObject({
      status: 'done',
      done_by: 'U0ALICE',
    });
    expect(await latestAudit(t.store, row)).toMatchObject({ user_id: 'U0ALICE', action: 'milestone.done' });
    expect((await noticeIn('C0DONE')).text).toBe('Done Co: milestone “First joint deal” marked done by <@U0ALICE>');
  });

  it('warns about a milestone whose due date has passed, and saves it', async () => {
    await partner('add "Late Co"');
    const reply = await partner('milestone "Late Co" "Kickoff" 2026-11-01');
    expect(reply.texts[0]).toContain('That due date has already passed.');
    expect(await t.store.milestones.open((await partnerRow(t.store, 'Late Co')).id)).toHaveLength(1);
  });

  it('changes nothing, and posts nothing, when the value is already set', async () => {
    await added('"Same Co" tier=Gold', 'C0SAME');
    const audits = (await t.store.audit.forPartner((await partnerRow(t.store, 'Same Co')).id, 10)).length;
    const reply = await partner('tier "Same Co" gold');
    expect(reply.text).toContain('nothing changed');
    expect(await t.store.audit.forPartner((await partnerRow(t.store, 'Same Co')).id, 10)).toHaveLength(audits);
    expect(await noticesSoFar(t)).toHaveLength(0);
  });

  it('keeps the change and tells the user how to invite the app when the post fails', async () => {
    await added('"Uninvited Co"', 'C0UNINVITED');
    t.slack.failNext('chat.postMessage', 'not_in_channel', { channel: 'C0UNINVITED' });
    const reply = await partner('tier "Uninvited Co" Gold');
    expect(reply.texts[0]).toBe('✅ *Uninvited Co*: tier set to Gold (was Bronze)');
    expect((await partnerRow(t.store, 'Uninvited Co')).tier).toBe('Gold');
    expect(await latestAudit(t.store, await partnerRow(t.store, 'Uninvited Co'))).toMatchObject({
      action: 'partner.tier',
      user_id: 'U0ALICE',
    });

    const followUp = await until(() => t.slack.responses()[0]);
    expect(followUp.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const message = messageOf(followUp.body);
    expect(message.text).toContain('The change is saved');
    expect(message.all).toContain('`/invite @PartnerOS` in <#C0UNINVITED>');
    expect(t.slack.calls('chat.postMessage')).toEqual([
      expect.objectContaining({ status: 200, response: { ok: false, error: 'not_in_channel' } }),
    ]);
  });
});

describe('an archived partner', () => {
  it('is hidden from list, still shown by show, and cannot be changed', async () => {
    await partner('add "Retired Co" owner=<@U0ARCHIVE|archive>');
    await partner('archive "Retired Co"');
    const list = await partner('list owner=<@U0ARCHIVE|archive>');
    expect(list.all).not.toContain('Retired Co');
    expect(list.text).toBe('No partners match owned by <@U0ARCHIVE>.');

    const record = await partner('show "Retired Co"');
    expect(record.texts[0]).toBe('⚪ *Retired Co*  _(archived 2026-11-24)_');

    const before = await partnerRow(t.store, 'Retired Co');
    for (const change of [
      'tier "Retired Co" Gold',
      'note "Retired Co" still here?',
      'health "Retired Co" 90',
      'archive "Retired Co"',
    ]) {
      const refused = await partner(change);
      expect(refused.text, change).toContain('“Retired Co” is archived.');
    }
    expect(await partnerRow(t.store, 'Retired Co')).toEqual(before);
    expect(await t.store.notes.count(before.id)).toBe(0);
  });
});

describe('with a company tier list', () => {
  let custom: TestApp;
  beforeAll(async () => {
    custom = await startTestApp({
      config:
        'tiers:\n  - {name: Strategic, qbr_every_months: 1}\n  - {name: Select, qbr_every_months: 6}\n  - {name: Registered, qbr_every_months: 12}\n',
    });
  });
  afterAll(async () => {
    await custom?.stop();
  });

  it('gives a new partner the lowest configured tier, and takes the others by name in any case', async () => {
    ephemeralReply(await custom.send.command('add "Small Co"'));
    ephemeralReply(await custom.send.command('add "Big Co" tier=strategic'));
    expect((await partnerRow(custom.store, 'Small Co')).tier).toBe('Registered');
    expect((await partnerRow(custom.store, 'Big Co')).tier).toBe('Strategic');
    const list = ephemeralReply(await custom.send.command('list Strategic'));
    expect(list.all).toContain('*Big Co* · Strategic');
    expect(list.all).not.toContain('Small Co');
  });
});
