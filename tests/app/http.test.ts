import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDS } from '../../src/slack/ids';
import { inputValues } from '../support/slack-payloads';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(() => t.slack.reset());

const base = () => `http://127.0.0.1:${t.running.port}`;

describe('the HTTP front door', () => {
  it('answers GET /healthz with JSON once it serves /slack/events', async () => {
    const res = await fetch(`${base()}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toMatchObject({ ok: true, database: 'reachable', version: expect.any(String) });
  });

  it('refuses a request with a wrong signature', async () => {
    const res = await t.send.signWith({ secret: 'not-the-secret' }).command('list');
    expect(res.status).toBe(401);
    expect(await t.store.partners.count({})).toBe(0);
  });

  it('refuses a request with no signature at all', async () => {
    const res = await t.send.raw('command=%2Fpartner&text=list', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(401);
  });

  it('refuses a replayed request older than five minutes', async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await t.send.signWith({ timestamp: stale }).command('add "Replayed Inc"');
    expect(res.status).toBe(401);
    expect(await t.store.partners.findByName('Replayed Inc')).toBeUndefined();
  });

  it('keeps every partner, note and milestone across a restart on the same database', async () => {
    await t.send.command('add "Persisted Ltd" tier=Silver');
    await t.send.command('note "Persisted Ltd" remember me');
    await t.send.command('milestone "Persisted Ltd" "Joint webinar" 2030-03-01');
    await t.send.command('health "Persisted Ltd" 64 steady');
    await t.restart();
    const res = await t.send.command('show "Persisted Ltd"');
    const body = JSON.stringify(res.json);
    for (const expected of ['Persisted Ltd', 'Silver', 'remember me', 'Joint webinar', '2030-03-01', '64'])
      expect(body).toContain(expected);
  });
});

describe('App Home', () => {
  it('publishes a home view listing the user’s partners, escaped', async () => {
    await t.send.command('add "&lt;b&gt;Home&lt;/b&gt; &amp; Co" tier=Gold', { user_id: 'U0HOME' });
    const res = await t.send.event({
      type: 'app_home_opened',
      user: 'U0HOME',
      channel: 'D0HOME',
      tab: 'home',
      event_ts: '1.1',
    });
    expect(res.status).toBe(200);
    const call = await until(() => t.slack.calls('views.publish')[0]);
    expect(call.params).toMatchObject({ user_id: 'U0HOME', view: { type: 'home' } });
    const text = JSON.stringify(call.params.view);
    expect(text).toContain('&lt;b&gt;Home&lt;/b&gt; &amp; Co');
    expect(text).not.toContain('<b>');
    expect(text).toContain(IDS.partnerAddOpen);
  });

  it('shows what is overdue and due soon for the user’s partners', async () => {
    await t.send.command('add "Due Soon Ltd" tier=Gold', { user_id: 'U0DUE' });
    await t.send.command('milestone "Due Soon Ltd" "Sign reseller agreement" 2020-01-15', { user_id: 'U0DUE' });
    await t.send.event({ type: 'app_home_opened', user: 'U0DUE', channel: 'D0DUE', tab: 'home', event_ts: '1.3' });
    const call = await until(() => t.slack.calls('views.publish').find((c) => c.params.user_id === 'U0DUE'));
    const text = JSON.stringify(call.params.view);
    expect(text).toMatch(/Due and overdue\* \(\d+ overdue/);
    expect(text).toContain('Sign reseller agreement');
  });

  it('ignores the Messages tab', async () => {
    await t.send.event({
      type: 'app_home_opened',
      user: 'U0HOME',
      channel: 'D0HOME',
      tab: 'messages',
      event_ts: '1.2',
    });
    await t.send.command('help');
    expect(t.slack.calls('views.publish')).toHaveLength(0);
  });
});

describe('the Add partner form', () => {
  const submit = (name: string, extra: Record<string, string | Record<string, unknown>> = {}) =>
    t.send.viewSubmission(
      {
        callback_id: IDS.partnerAddView,
        state: inputValues({
          [`${IDS.addBlock.name}.${IDS.input}`]: name,
          [`${IDS.addBlock.tier}.${IDS.input}`]: { type: 'static_select', selected_option: { value: 'Gold' } },
          [`${IDS.addBlock.owner}.${IDS.input}`]: { type: 'users_select', selected_user: 'U0OWNER' },
          ...extra,
        }),
      },
      'U0FORM',
    );

  it('opens from the Add partner button', async () => {
    const res = await t.send.blockAction({ actionId: IDS.partnerAddOpen, user: 'U0FORM' });
    expect(res.status).toBe(200);
    const call = await until(() => t.slack.calls('views.open')[0]);
    expect(call.params).toMatchObject({ view: { type: 'modal', callback_id: IDS.partnerAddView } });
  });

  it('adds the partner, confirms by DM and posts the change in its channel', async () => {
    const res = await submit('Form Made Inc', {
      [`${IDS.addBlock.channel}.${IDS.input}`]: { type: 'conversations_select', selected_conversation: 'C0FORM' },
    });
    expect(res.status).toBe(200);
    expect(await t.store.partners.findByName('Form Made Inc')).toMatchObject({
      tier: 'Gold',
      owner_user_id: 'U0OWNER',
      channel_id: 'C0FORM',
      created_by: 'U0FORM',
    });
    await until(() => t.slack.calls('chat.postMessage').length === 2);
    const channels = t.slack.calls('chat.postMessage').map((c) => c.params.channel);
    expect(channels).toEqual(expect.arrayContaining(['U0FORM', 'C0FORM']));
  });

  it('shows a duplicate name under the name field and saves nothing', async () => {
    await submit('Twice Corp');
    const res = await submit('TWICE CORP');
    expect(res.json).toMatchObject({
      response_action: 'errors',
      errors: { [IDS.addBlock.name]: expect.stringContaining('already') },
    });
  });
});

describe('mentions and DMs', () => {
  it('answers a mention once in its thread, even when Slack retries the event', async () => {
    const event = {
      type: 'app_mention',
      user: 'U0ALICE',
      text: '<@UBOT> hi',
      channel: 'C0GENERAL',
      ts: '1700000000.000100',
      event_ts: '1700000000.000100',
    };
    await t.send.event(event, { eventId: 'Ev0MENTION' });
    await t.send.event(event, { eventId: 'Ev0MENTION', retryNum: 1, retryReason: 'http_timeout' });
    await until(() => t.slack.calls('chat.postMessage').length >= 1);
    await t.send.command('help'); // a later request, so a second post would have had time to land
    expect(t.slack.calls('chat.postMessage')).toHaveLength(1);
    expect(t.slack.calls('chat.postMessage')[0]?.params).toMatchObject({
      channel: 'C0GENERAL',
      thread_ts: '1700000000.000100',
    });
  });

  it('does not answer its own messages or other bots', async () => {
    await t.send.event(
      { type: 'message', channel_type: 'im', channel: 'D0X', user: 'UBOT', bot_id: 'BBOT', text: 'hi', ts: '1.5' },
      { eventId: 'Ev0SELF' },
    );
    await t.send.event(
      {
        type: 'message',
        channel_type: 'im',
        channel: 'D0X',
        user: 'U0OTHER',
        bot_id: 'B0OTHER',
        text: 'hi',
        ts: '1.6',
      },
      { eventId: 'Ev0BOT' },
    );
    await t.send.event(
      { type: 'message', channel_type: 'im', channel: 'D0X', user: 'U0ALICE', text: 'hello?', ts: '1.7' },
      { eventId: 'Ev0HUMAN' },
    );
    const reply = await until(() => t.slack.calls('chat.postMessage')[0]);
    expect(reply.params.channel).toBe('D0X');
    await t.send.command('help');
    expect(t.slack.calls('chat.postMessage')).toHaveLength(1);
  });
});

describe('the Update partner form', () => {
  const B = IDS.editBlock;
  const select = (value: string) => ({ type: 'static_select', selected_option: { value } });
  const submitEdit = (partnerId: number, values: Record<string, string | Record<string, unknown>>, user = 'U0ALICE') =>
    t.send.viewSubmission(
      {
        callback_id: IDS.partnerEditView,
        private_metadata: JSON.stringify({ partnerId }),
        state: inputValues(Object.fromEntries(Object.entries(values).map(([k, v]) => [`${k}.${IDS.input}`, v]))),
      },
      user,
    );

  it('is offered by show, and opens prefilled with the record', async () => {
    await t.send.command('add "Edit Me Ltd" tier=Silver channel=<#C0EDIT|edit-me>');
    const id = (await t.store.partners.findByName('Edit Me Ltd'))?.id;
    const shown = await t.send.command('show "Edit Me Ltd"');
    expect(JSON.stringify(shown.json)).toContain(IDS.partnerEditOpen);
    await t.send.blockAction({ actionId: IDS.partnerEditOpen, value: String(id), user: 'U0ALICE' });
    const call = await until(() => t.slack.calls('views.open')[0]);
    const view = call.params.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe(IDS.partnerEditView);
    expect(JSON.parse(view.private_metadata)).toEqual({ partnerId: id });
    expect(JSON.stringify(view)).toContain(
      '"initial_option":{"text":{"type":"plain_text","text":"Silver"},"value":"Silver"}',
    );
  });

  it('saves several changes at once and announces them in one notice', async () => {
    await t.send.command('add "Many Changes Co" tier=Bronze channel=<#C0MANY|many>');
    const id = (await t.store.partners.findByName('Many Changes Co'))?.id ?? 0;
    await until(() => t.slack.calls('chat.postMessage').length === 1); // the "added" notice
    t.slack.reset();
    const res = await submitEdit(id, {
      [B.tier]: select('Gold'),
      [B.stage]: select('active'),
      [B.health]: { type: 'number_input', value: '85' },
      [B.reason]: 'signed the first deal',
      [B.note]: 'Kickoff went well',
      [B.milestoneTitle]: 'First QBR',
      [B.milestoneDue]: { type: 'datepicker', selected_date: '2031-01-15' },
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(await t.store.partners.findById(id)).toMatchObject({ tier: 'Gold', stage: 'active', health: 85 });
    expect((await t.store.notes.recent(id, 1))[0]?.text).toBe('Kickoff went well');
    expect((await t.store.milestones.open(id))[0]).toMatchObject({ title: 'First QBR', due_on: '2031-01-15' });
    const notice = await until(() => t.slack.calls('chat.postMessage').find((c) => c.params.channel === 'C0MANY'));
    expect(notice.params.text).toMatch(/tier set to Gold \(was Bronze\); stage set to active/);
    await until(() => t.slack.calls('chat.postMessage').some((c) => c.params.channel === 'U0ALICE'));
    expect(t.slack.calls('chat.postMessage').filter((c) => c.params.channel === 'C0MANY')).toHaveLength(1);
  });

  it('shows a bad combination under its field and saves nothing', async () => {
    await t.send.command('add "Half Filled Inc" tier=Bronze');
    const id = (await t.store.partners.findByName('Half Filled Inc'))?.id ?? 0;
    const res = await submitEdit(id, { [B.tier]: select('Gold'), [B.milestoneTitle]: 'No date yet' });
    expect(res.json).toMatchObject({
      response_action: 'errors',
      errors: { [B.milestoneDue]: expect.stringContaining('due date') },
    });
    expect((await t.store.partners.findById(id))?.tier).toBe('Bronze');
  });
});

describe('a partner channel shared outside the company', () => {
  it('gets tier changes but not health or notes, and the user is told why', async () => {
    t.slack.setChannel('C0SHARED', { is_ext_shared: true });
    await t.send.command('add "Shared Co" tier=Bronze channel=<#C0SHARED|shared-co>');
    await until(() => t.slack.calls('chat.postMessage').length === 1); // "added" is public knowledge
    await t.send.command('health "Shared Co" 30 they missed the launch');
    const told = await until(() => t.slack.responses().find((r) => JSON.stringify(r.body).includes('stay internal')));
    expect(JSON.stringify(told.body)).toContain('privacy.internal_details_in_shared_channels');
    await t.send.command('note "Shared Co" champion is leaving');
    await until(() => t.slack.responses().filter((r) => JSON.stringify(r.body).includes('stay internal')).length === 2);
    await t.send.command('tier "Shared Co" Gold');
    await until(() => t.slack.calls('chat.postMessage').length === 2);
    const posted = t.slack.calls('chat.postMessage').map((c) => String(c.params.text));
    expect(posted[1]).toContain('tier set to Gold');
    expect(posted.join(' ')).not.toMatch(/missed the launch|champion is leaving|health/);
    expect((await t.store.partners.findByName('Shared Co'))?.health).toBe(30);
  });
});

describe('a company that allows internal details in shared channels', () => {
  it('posts health changes there too', async () => {
    const open = await startTestApp({ config: 'privacy: { internal_details_in_shared_channels: true }\n' });
    try {
      open.slack.setChannel('C0OPEN', { is_ext_shared: true });
      await open.send.command('add "Open Book Inc" channel=<#C0OPEN|open>');
      await open.send.command('health "Open Book Inc" 90 great quarter');
      const notice = await until(() =>
        open.slack.calls('chat.postMessage').find((c) => String(c.params.text).includes('health set to')),
      );
      expect(notice.params.channel).toBe('C0OPEN');
    } finally {
      await open.stop();
    }
  });
});

describe('the Update partner button with admins configured', () => {
  it('tells a user who may not change the partner, instead of opening a form they cannot save', async () => {
    const locked = await startTestApp({ config: 'admins: [U0ADMIN]\n' });
    try {
      await locked.send.command('add "Locked Ltd"', { user_id: 'U0OWNER' });
      const id = (await locked.store.partners.findByName('Locked Ltd'))?.id;
      await locked.send.blockAction({ actionId: IDS.partnerEditOpen, value: String(id), user: 'U0MALLORY' });
      const told = await until(() => locked.slack.responses()[0]);
      expect(JSON.stringify(told.body)).toContain('Only the owner');
      expect(locked.slack.calls('views.open')).toHaveLength(0);
    } finally {
      await locked.stop();
    }
  });
});
