import { type SettingsView, settingsState } from './form-state';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { IDS } from '../../src/slack/ids';
import { ephemeralReply, messageOf, textObjectsOf } from '../commands/front-door';
import type { RecordedCall } from '../support/fake-slack';
import type { SlackHttpResponse } from '../support/signed-requests';
import { type Payload, viewSubmissionPayload } from '../support/slack-payloads';
import { one } from '../support/sql';
import { workspaceDirectory } from '../../src/domain/workspaces/directory';
import { loadAnswerDefinitions, loadLibrary, loadPlaybookLibrary } from '../../src/startup/libraries';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';

const CONFIG = `company:
  name: Acme Cloud
  product: Acme Data Platform
  contact: { name: Dana Lee, email: dana@acme.example }
tiers:
  - { name: Gold, qbr_every_months: 3, discount_percent: 30 }
  - { name: Silver, qbr_every_months: 6 }
  - { name: Bronze, qbr_every_months: 12 }
admins: [U0ALICE]
`;
const ALICE = 'U0ALICE';
const BOB = 'U0BOB';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock('2026-11-24T15:00:00Z'), config: CONFIG });
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(() => t.slack.reset());

type View = SettingsView;

const block = (field: string) => `${IDS.settingsBlock}${field}`;

/** `/partner settings`, and the form it opened. */
async function openForm(user = ALICE): Promise<{ reply: ReturnType<typeof ephemeralReply>; view: View }> {
  const before = t.slack.calls('views.open').length;
  const reply = ephemeralReply(await t.send.command('settings', { user_id: user }));
  const call = await until(() => t.slack.calls('views.open')[before]);
  return { reply, view: call.params.view as View };
}

const text = (value: string): Payload => ({ value });

function submit(view: View, typed: Record<string, Payload> = {}, user = ALICE): Promise<SlackHttpResponse> {
  return t.send.viewSubmission(
    {
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      blocks: view.blocks,
      state: settingsState(view, typed),
    },
    user,
  );
}

/** The errors a form submission was answered with, by block. */
const errorsOf = (res: SlackHttpResponse): Record<string, string> => (res.json?.errors ?? {}) as Record<string, string>; // Slack's response_action: errors body

const saved = async (workspace = 'T0TEST') => (await t.running.database.workspaces.get(workspace))?.settings ?? null;

/** Puts the workspace back to partneros.yml alone. */
async function reset(): Promise<void> {
  await t.running.database.workspaces.saveSettings('T0TEST', '{}', '2026-11-24T15:00:00Z');
}

const inputsOf = (view: View) =>
  Object.fromEntries(
    view.blocks.filter((b) => b.type === 'input').map((b) => [String(b.block_id), b.element as Payload]),
  );

describe('/partner settings', () => {
  beforeEach(reset);

  it('opens the settings form to an admin, filled with the workspace’s settings', async () => {
    const { reply, view } = await openForm();
    expect(reply.text).toBe('Opening the settings…');
    expect(view).toMatchObject({ type: 'modal', callback_id: IDS.settingsView, title: { text: 'PartnerOS settings' } });
    const inputs = inputsOf(view);
    expect(inputs[block('company.name')]).toMatchObject({ initial_value: 'Acme Cloud' });
    expect(inputs[block('company.contact.email')]).toMatchObject({
      type: 'email_text_input',
      initial_value: 'dana@acme.example',
    });
    expect(inputs[block('company.currency')]).toMatchObject({ initial_value: 'USD' });
    expect(inputs[block('tiers.0.name')]).toMatchObject({ initial_value: 'Gold' });
    expect(inputs[block('tiers.2.qbr_every_months')]).toMatchObject({ type: 'number_input', initial_value: '12' });
    expect(inputs[block('tiers.4.name')]).not.toHaveProperty('initial_value');
    expect(inputs[block('tiers.5.name')]).toBeUndefined();
    expect(inputs[block('admins')]).toMatchObject({ type: 'multi_users_select', initial_users: [ALICE] });
    expect(inputs[block('reminders.hour')]).toMatchObject({ initial_option: { value: '9' } });
    expect(inputs[block('reminders.timezone')]).toMatchObject({ initial_value: 'America/New_York' });
    expect(((inputs[block('reminders.working_days')]?.initial_options ?? []) as Payload[]).map((o) => o.value)).toEqual(
      ['mon', 'tue', 'wed', 'thu', 'fri'],
    );
    // The fake held it to Block Kit's limits: a breach would fail the test (tests/support/setup.ts).
    expect(t.slack.calls('views.open').at(-1)?.response).toMatchObject({ ok: true });
  });

  it('refuses someone who is not an admin, naming the admins and how to become one', async () => {
    const reply = ephemeralReply(await t.send.command('settings', { user_id: BOB }));
    expect(reply.all).toContain('Only PartnerOS admins can change the settings: <@U0ALICE>.');
    expect(reply.all).toContain('add you under *Admins* in `/partner settings`');
    expect(reply.all).toContain('`admins` in partneros.yml');
    expect(t.slack.calls('views.open')).toHaveLength(0);
  });

  it('takes nothing after it', async () => {
    const reply = ephemeralReply(await t.send.command('settings hour=8'));
    expect(reply.all).toContain('`settings` takes nothing after it');
    expect(t.slack.calls('views.open')).toHaveLength(0);
  });
});

describe('the settings form', () => {
  beforeEach(reset);

  it('saves good values for this workspace, says what changed, and they apply at once', async () => {
    const { view } = await openForm();
    const res = await submit(view, {
      'company.name': text('Globex Corporation'),
      'tiers.1.qbr_every_months': text('4'),
      'tiers.3.name': text('Platinum'),
      'tiers.3.qbr_every_months': text('1'),
      admins: { selected_users: [ALICE, BOB] },
      'reminders.hour': { selected_option: { text: { type: 'plain_text', text: '07:00' }, value: '7' } },
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const own = JSON.parse((await saved()) ?? '{}');
    expect(own.company.name).toBe('Globex Corporation');
    expect(own.tiers[0]).toEqual({ name: 'Gold', qbr_every_months: 3, discount_percent: 30 });
    expect(own.tiers.map((x: { name: string }) => x.name)).toEqual(['Gold', 'Silver', 'Bronze', 'Platinum']);
    expect(own.admins).toEqual([ALICE, BOB]);
    expect(own.reminders).toEqual({ hour: 7 });

    // Opened with /partner in a channel: the summary comes there, to the person alone.
    const confirmation = await until(() => t.slack.calls('chat.postEphemeral').at(-1));
    expect(confirmation.params).toMatchObject({ channel: 'C0GENERAL', user: ALICE });
    const summary = messageOf(confirmation.params).all;
    expect(summary).toContain('*Company name*: “Acme Cloud” → “Globex Corporation”');
    expect(summary).toContain('*Silver*: a QBR every 6 → 4 months');
    expect(summary).toContain('*Tier added*: Platinum (a QBR every 1 month)');
    expect(summary).toContain('*Admins*: added <@U0BOB>');
    expect(summary).toContain('*Reminder hour*: “09:00” → “07:00”');

    // The new tier is one `/partner add` takes, and a document shows the new company name.
    expect(ephemeralReply(await t.send.command('add "Initech" tier=platinum')).text).toContain('added');
    expect((await t.store.partners.findByName('Initech'))?.tier).toBe('Platinum');
    await t.send.command('template recruitment/email-sequence "Initech"');
    const upload = await until(() => t.slack.uploads().find((u) => u.completed && u.filename.includes('Initech')));
    const document = upload.bytes?.toString('utf8') ?? '';
    expect(document).toContain('Globex Corporation');
    expect(document).not.toContain('Acme Cloud');
    // Bob is an admin now: the form opens for him.
    await openForm(BOB);
  });

  it('plans reminders again at the new hour', async () => {
    await t.send.command('add "Hooli" tier=Gold');
    await t.running.reminders.tickNow();
    const planned = async () => {
      const row = await one<{ next_at: string }>(
        t.store,
        "SELECT s.next_at FROM reminder_schedule s JOIN partners p ON p.id = s.partner_id WHERE p.name = 'Hooli'",
      );
      return DateTime.fromISO(row?.next_at ?? '', { zone: 'America/New_York' });
    };
    expect((await planned()).hour).toBe(9);
    const { view } = await openForm();
    await submit(view, { 'reminders.hour': { selected_option: { value: '7' } } });
    await until(() => t.slack.calls('chat.postEphemeral').length === 1);
    await t.running.reminders.tickNow();
    expect((await planned()).hour).toBe(7);
  });

  it.each([
    ['a time zone that is not one', { 'reminders.timezone': text('Mars/Olympus') }, 'reminders.timezone', 'IANA'],
    ['a tier without a name', { 'tiers.3.qbr_every_months': text('4') }, 'tiers.3.name', 'needs a name'],
    ['two tiers of one name', { 'tiers.2.name': text('gold') }, 'tiers.2.name', 'unique'],
    ['a QBR every 0 months', { 'tiers.0.qbr_every_months': text('0') }, 'tiers.0.qbr_every_months', 'at least 1'],
    ['an e-mail that is not one', { 'company.contact.email': text('dana at acme') }, 'company.contact.email', 'e-mail'],
  ])('shows %s under its field and saves nothing', async (_what, typed, field, words) => {
    const { view } = await openForm();
    const res = await submit(view, typed);
    expect(res.json).toMatchObject({ response_action: 'errors' });
    const errors = errorsOf(res);
    expect(Object.keys(errors)).toEqual([block(field)]);
    expect(errors[block(field)]?.toLowerCase()).toContain(words.toLowerCase());
    expect(await saved()).toBe('{}');
    expect(t.slack.calls('chat.postEphemeral')).toHaveLength(0);
  });

  it('shows every problem at once, each under its own field', async () => {
    const { view } = await openForm();
    const res = await submit(view, {
      'reminders.timezone': text('Nowhere/Land'),
      'tiers.1.qbr_every_months': text('0'),
      'company.contact.email': text('nope'),
    });
    expect(Object.keys(errorsOf(res)).sort()).toEqual(
      [block('company.contact.email'), block('reminders.timezone'), block('tiers.1.qbr_every_months')].sort(),
    );
    expect(await saved()).toBe('{}');
  });

  it('refuses a submission from someone who is not an admin', async () => {
    const { view } = await openForm();
    const res = await submit(view, { 'company.name': text('Bob Inc') }, BOB);
    expect(res.json).toMatchObject({
      response_action: 'errors',
      errors: { [block('company.name')]: expect.stringContaining('Only PartnerOS admins') },
    });
    expect(await saved()).toBe('{}');
  });

  it('refuses a form opened before someone else saved, so it cannot undo their change', async () => {
    const first = (await openForm()).view;
    const second = (await openForm()).view;
    await submit(first, { 'company.name': text('First Co') });
    const res = await submit(second, { 'company.website': text('second.example') });
    expect(errorsOf(res)[block('company.name')]).toContain('Someone saved the settings');
    expect(JSON.parse((await saved()) ?? '{}').company).toMatchObject({ name: 'First Co' });
    expect(JSON.parse((await saved()) ?? '{}').company.website).toBeUndefined();
  });

  it('shows what was typed in the summary as text, never as a ping or a link', async () => {
    const { view } = await openForm();
    await submit(view, { 'company.name': text('AT&T <!channel>') });
    const confirmation = await until(() => t.slack.calls('chat.postEphemeral').at(-1));
    expect(messageOf(confirmation.params).all).toContain('“AT&amp;T &lt;!channel&gt;”');
    expect(JSON.parse((await saved()) ?? '{}').company.name).toBe('AT&T <!channel>');
  });

  it('says so, and saves nothing, when nothing was changed', async () => {
    const { view } = await openForm();
    const res = await submit(view);
    expect(res.text).toBe('');
    const confirmation = await until(() => t.slack.calls('chat.postEphemeral').at(-1));
    expect(messageOf(confirmation.params).all).toContain('Nothing changed');
    expect(await saved()).toBe('{}');
  });
});

describe('settings and workspaces', () => {
  beforeEach(reset);

  it('changes only the workspace the request came from, whatever the payload names', async () => {
    await t.running.database.workspaces.ensure('T0OTHER', 'Other', '2026-11-24T15:00:00Z');
    const { view } = await openForm();
    // A form that says it belongs to another workspace is refused.
    const foreign = { ...view, private_metadata: view.private_metadata.replace('T0TEST', 'T0OTHER') };
    const refused = await submit(foreign, { 'company.name': text('Hijack') });
    expect(errorsOf(refused)[block('company.name')]).toContain('not from this workspace');
    // A payload naming another team is still this app's one workspace: that workspace is the one changed.
    const payload = viewSubmissionPayload(
      {
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        blocks: view.blocks,
        state: settingsState(view, { 'company.name': text('Renamed Here') }),
        team_id: 'T0OTHER',
      },
      ALICE,
    );
    const res = await t.send.action({ ...payload, team: { id: 'T0OTHER', domain: 'other' } });
    expect(res.text).toBe('');
    expect(JSON.parse((await saved()) ?? '{}').company.name).toBe('Renamed Here');
    expect(await saved('T0OTHER')).toBeNull();
  });

  it('leaves another workspace’s documents alone, and another replica sees the new settings at once', async () => {
    const { database, config, logger } = t.running;
    await database.workspaces.ensure('T0OTHER', 'Other', '2026-11-24T15:00:00Z');
    // A second directory over the same database: what another replica of PartnerOS holds.
    const library = loadLibrary(config, logger);
    const playbooks = loadPlaybookLibrary(config, logger, library);
    const replica = workspaceDirectory({
      database,
      clock: fixedClock('2026-11-24T15:00:00Z'),
      defaults: config.company,
      single: true,
      library,
      playbooks,
      fields: loadAnswerDefinitions(config, logger, library, playbooks),
    });
    const document = async (workspace: string, partnerName: string) => {
      const ws = await replica.services(workspace);
      const partner = (await ws.templates.prepare('recruitment/email-sequence', partnerName)).partner;
      const filled = await ws.templates.fill({
        template: ws.templates.template('recruitment/email-sequence'),
        partner,
        actor: ALICE,
        names: { user: 'Alice', owner: 'Alice', channel: null },
      });
      return filled.rendered.markdown;
    };
    const other = await replica.services('T0OTHER');
    await other.partners.add('Umbrella', {}, ALICE);
    await t.send.command('add "Soylent"');
    expect(await document('T0TEST', 'Soylent')).toContain('Acme Cloud');

    const { view } = await openForm();
    await submit(view, { 'company.name': text('Globex Corporation') });
    expect(await document('T0TEST', 'Soylent')).toContain('Globex Corporation');
    expect(await document('T0OTHER', 'Umbrella')).toContain('Acme Cloud');
    expect(await document('T0OTHER', 'Umbrella')).not.toContain('Globex');
    expect((await replica.services('T0OTHER')).company.company.name).toBe('Acme Cloud');
    // And the other workspace's partner is not this one's.
    expect(ephemeralReply(await t.send.command('show Umbrella')).text).toContain('No partner called “Umbrella”');
  });
});

describe('App Home', () => {
  beforeEach(reset);

  const homeOf = async (user: string): Promise<RecordedCall> => {
    await t.send.event({ type: 'app_home_opened', user, tab: 'home', channel: 'D0HOME' });
    return until(() => t.slack.calls('views.publish').find((c) => c.params.user_id === user));
  };
  const buttons = (call: RecordedCall) => JSON.stringify((call.params.view as Payload).blocks);

  it('shows the Settings button to admins only', async () => {
    expect(buttons(await homeOf(ALICE))).toContain(IDS.settingsOpen);
    expect(textObjectsOf((await homeOf(ALICE)).params.view)).toContain('Settings');
    expect(buttons(await homeOf(BOB))).not.toContain(IDS.settingsOpen);
  });

  it('opens the form from the button, and answers someone no longer an admin in their DM', async () => {
    await t.send.blockAction({ actionId: IDS.settingsOpen, view: { id: 'VHOME', type: 'home' }, user: ALICE });
    const opened = await until(() => t.slack.calls('views.open').at(-1));
    expect(JSON.parse(String((opened.params.view as View).private_metadata))).toMatchObject({ channelId: null });
    await t.send.blockAction({ actionId: IDS.settingsOpen, view: { id: 'VHOME', type: 'home' }, user: BOB });
    const dm = await until(() => t.slack.calls('chat.postMessage').find((c) => c.params.channel === BOB));
    expect(messageOf(dm.params).all).toContain('Only PartnerOS admins can change the settings');
    expect(t.slack.calls('views.open')).toHaveLength(1);
  });
});

describe('a workspace with no admins (partneros.yml names none)', () => {
  let open: TestApp;
  beforeAll(async () => {
    open = await startTestApp({ clock: fixedClock('2026-11-24T15:00:00Z') });
  });
  afterAll(async () => {
    await open?.stop();
  });

  it('lets everyone change the settings, until someone saves the first admins', async () => {
    const home = async (user: string) => {
      open.slack.reset();
      await open.send.event({ type: 'app_home_opened', user, tab: 'home', channel: 'D0HOME' });
      return JSON.stringify((await until(() => open.slack.calls('views.publish')[0])).params.view);
    };
    expect(await home(BOB)).toContain(IDS.settingsOpen);
    open.slack.reset();
    ephemeralReply(await open.send.command('settings', { user_id: BOB }));
    const view = (await until(() => open.slack.calls('views.open')[0])).params.view as View;
    expect(inputsOf(view)[block('admins')]).not.toHaveProperty('initial_users');
    const send = (typed: Record<string, Payload>) =>
      open.send.viewSubmission(
        {
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          blocks: view.blocks,
          state: settingsState(view, typed),
        },
        BOB,
      );
    // Naming admins without oneself would shut oneself out of this form: refused, under Admins.
    const refused = await send({ admins: { selected_users: [ALICE] } });
    expect(errorsOf(refused)[block('admins')]).toContain('Keep yourself among the admins');
    expect((await send({ admins: { selected_users: [BOB] } })).text).toBe('');
    // Saved before the ack: the answer is already true.
    expect(JSON.parse((await open.running.database.workspaces.get('T0TEST'))?.settings ?? '{}')).toEqual({
      admins: [BOB],
    });

    const reply = ephemeralReply(await open.send.command('settings', { user_id: ALICE }));
    expect(reply.all).toContain('Only PartnerOS admins can change the settings: <@U0BOB>.');
    expect(reply.all).not.toContain('partneros.yml');
    expect(await home(ALICE)).not.toContain(IDS.settingsOpen);
  });
});
