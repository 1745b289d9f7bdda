/**
 * What Slack and people do to a run thread: redeliver events, click twice, talk as bots, restart the app
 * mid-run, run two partners at once, start in a channel the app was never invited to.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { ThreadDriver, headerOf, textOf } from './thread-driver';
import { one, rows as select } from '../support/sql';

const ACME = 'C0PARTNER_ACME';
const BETA = 'C0PARTNER_BETA';

let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

const answers = async () =>
  (await select(t.store, 'SELECT field_id, value FROM run_answers ORDER BY id')) as {
    field_id: string;
    value: string | null;
  }[];

async function startRecruit(name: string, channel: string): Promise<{ d: ThreadDriver; rootTs: string }> {
  await t.send.command(`add "${name}" tier=Gold channel=<#${channel}|x>`);
  const d = new ThreadDriver(t, channel);
  await t.send.command(`recruit "${name}"`);
  const root = await d.root('Recruit');
  await d.step(root.ts, 1);
  return { d, rootTs: root.ts };
}

describe('a run thread under Slack’s conditions', () => {
  it('answers a redelivered event (same event_id) once', async () => {
    t = await startTestApp();
    const { d, rootTs } = await startRecruit('Acme Corp', ACME);
    const ts = '1790000000.000200';
    await d.reply(rootTs, 'Mid-market SaaS companies in EMEA', { eventId: 'Ev0SAME', ts });
    const replies = () => d.thread(rootTs).filter((m) => m.text.includes('✅ Recorded'));
    expect(replies()).toHaveLength(1);
    await t.send.event(
      {
        type: 'message',
        channel: ACME,
        channel_type: 'channel',
        user: 'U0ALICE',
        text: 'Mid-market SaaS companies in EMEA',
        ts,
        thread_ts: rootTs,
      },
      { eventId: 'Ev0SAME', retryNum: 1 },
    );
    await t.send.event({
      type: 'message',
      channel: ACME,
      channel_type: 'channel',
      user: 'U0ALICE',
      text: 'one more',
      ts: '1790000000.000300',
      thread_ts: rootTs,
    });
    // The next event is answered; the redelivery before it was not.
    await until(() => d.thread(rootTs).filter((m) => m.bot_id && !headerOf(m)).length === 2);
    expect(
      (await answers()).filter((a) => a.value === JSON.stringify('Mid-market SaaS companies in EMEA')),
    ).toHaveLength(1);
  });

  it('ignores its own messages and other bots in the thread', async () => {
    t = await startTestApp();
    const { d, rootTs } = await startRecruit('Acme Corp', ACME);
    const before = d.thread(rootTs).length;
    await t.send.event({
      type: 'message',
      channel: ACME,
      channel_type: 'channel',
      user: 'UBOT',
      bot_id: 'BBOT',
      text: 'EMEA',
      ts: '1790000000.000400',
      thread_ts: rootTs,
    });
    await t.send.event({
      type: 'message',
      subtype: 'bot_message',
      channel: ACME,
      channel_type: 'channel',
      bot_id: 'B0OTHER',
      text: 'EMEA',
      ts: '1790000000.000500',
      thread_ts: rootTs,
    });
    await t.send.event({
      type: 'message',
      channel: ACME,
      channel_type: 'channel',
      user: 'U0OTHER',
      bot_id: 'B0OTHER',
      text: 'EMEA',
      ts: '1790000000.000600',
      thread_ts: rootTs,
    });
    // A person's reply afterwards is answered: the three before it were not.
    await d.reply(rootTs, 'Mid-market SaaS companies');
    expect(d.thread(rootTs).length).toBe(before + 1);
    expect(await answers()).toHaveLength(1);
  });

  it('answers an @mention in the thread once, as a reply to the coach', async () => {
    t = await startTestApp();
    const { d, rootTs } = await startRecruit('Acme Corp', ACME);
    const ts = '1790000000.000700';
    // Slack delivers such a message twice: as app_mention and as a message in the thread.
    await t.send.event({
      type: 'app_mention',
      user: 'U0ALICE',
      text: '<@UBOT> Mid-market retailers',
      channel: ACME,
      ts,
      thread_ts: rootTs,
    });
    const reply = await d.reply(rootTs, '<@UBOT> Mid-market retailers', { ts });
    expect(reply.text).toContain('✅ Recorded');
    expect(await answers()).toEqual([{ field_id: expect.any(String), value: JSON.stringify('Mid-market retailers') }]);
    expect(d.thread(rootTs).filter((m) => m.bot_id && !headerOf(m))).toHaveLength(1);
  });

  it('carries on after a restart in the middle of a run', async () => {
    t = await startTestApp();
    const { d, rootTs } = await startRecruit('Acme Corp', ACME);
    await d.reply(rootTs, 'Mid-market SaaS companies');
    await t.restart();
    const reply = await d.reply(rootTs, 'skip');
    expect(reply.text).not.toBe('');
    const step1 = await d.step(rootTs, 1);
    await d.press(step1, 'Skip');
    await d.step(rootTs, 2);
    expect(((await one(t.store, 'SELECT step_index FROM playbook_runs')) as { step_index: number }).step_index).toBe(1);
  });

  it('runs two partners at once, each in its own thread', async () => {
    t = await startTestApp();
    const a = await startRecruit('Acme Corp', ACME);
    const b = await startRecruit('Beta Labs', BETA);
    await Promise.all([a.d.reply(a.rootTs, 'Acme segment text'), b.d.reply(b.rootTs, 'Beta segment text')]);
    const rows = await select<{ value: string }>(
      t.store,
      'SELECT r.partner_id, a.value FROM run_answers a JOIN playbook_runs r ON r.id = a.run_id ORDER BY r.partner_id, a.id',
    );
    expect(rows.map((r) => r.value)).toEqual([
      JSON.stringify('Acme segment text'),
      JSON.stringify('Beta segment text'),
    ]);
    await Promise.all([a.d.press(await a.d.step(a.rootTs, 1), 'Skip'), b.d.press(await b.d.step(b.rootTs, 1), 'Skip')]);
    await Promise.all([a.d.step(a.rootTs, 2), b.d.step(b.rootTs, 2)]);
  });

  it('says how to invite the app when it is not in the partner channel, and keeps no half-started run', async () => {
    t = await startTestApp();
    await t.send.command(`add "Acme Corp" channel=<#${ACME}|partner-acme>`);
    // The change notice goes first (after the ack): the refusal is meant for the run's root post.
    await until(() => t.slack.calls('chat.postMessage').some((c) => c.params.channel === ACME));
    t.slack.failNext('chat.postMessage', 'not_in_channel', { channel: ACME });
    const ack = await t.send.command('recruit "Acme Corp"');
    expect(ack.status).toBe(200);
    const said = await until(() =>
      t.slack.responses().find((r) => JSON.stringify(r.body).includes('/invite @PartnerOS')),
    );
    expect(JSON.stringify(said.body)).toContain(ACME);
    expect(await one(t.store, 'SELECT count(*) AS n FROM playbook_runs')).toEqual({ n: 0 });
    // Once invited, the same command starts it.
    await t.send.command('recruit "Acme Corp"');
    await new ThreadDriver(t, ACME).root('Recruit');
  });

  it('starts in the channel where the command was typed when the partner has no channel', async () => {
    t = await startTestApp();
    await t.send.command('add "Acme Corp"');
    await t.send.command('onboard "Acme Corp"', { channel_id: 'C0GENERAL' });
    const d = new ThreadDriver(t, 'C0GENERAL');
    const root = await d.root('Onboard');
    await d.step(root.ts, 1);
  });
});

describe('playbook commands', () => {
  it('lists the playbooks by id, and the runs with links', async () => {
    t = await startTestApp();
    const list = await t.send.command('playbooks');
    for (const id of ['recruit', 'onboard', 'qbr', 'expand', 'co-marketing', 'support-escalation', 'exit'])
      expect(list.json?.text).toContain(id);
    await startRecruit('Acme Corp', ACME);
    const runs = await t.send.command('runs');
    expect(JSON.stringify(runs.json)).toContain('Acme Corp');
    expect(JSON.stringify(runs.json)).toMatch(/slack\.com\/archives\/C0PARTNER_ACME\/p\d+/);
    const again = await t.send.command('recruit "Acme Corp"');
    expect(again.json?.text).toMatch(/already running/);
  });

  it('offers to add an unknown company as a prospect and start recruiting it', async () => {
    t = await startTestApp();
    const res = await t.send.command('recruit "NewCo"');
    expect(res.json?.text).toContain('NewCo');
    const blocks = JSON.stringify(res.json?.blocks);
    const value = /"value":"(recruit:NewCo)"/.exec(blocks)?.[1];
    expect(value).toBeDefined();
    await t.send.blockAction({ actionId: 'run.add_start', value: value ?? '' });
    const root = await new ThreadDriver(t, 'C0GENERAL').root('Recruit');
    expect(textOf(root)).toContain('NewCo');
    expect((await t.store.partners.findByName('NewCo'))?.stage).toBe('prospect');
  });

  it('refuses what makes no sense, with the fix', async () => {
    t = await startTestApp();
    await t.send.command('add "Acme Corp"');
    await t.send.command('stage "Acme Corp" active');
    const recruit = await t.send.command('recruit "Acme Corp"');
    expect(recruit.json?.text).toContain(
      '“Acme Corp” is at stage active: Recruit is for partners at stage prospect or recruiting.',
    );
    const unknown = await t.send.command('run recrut "Acme Corp"');
    expect(unknown.json?.text).toMatch(/recruit/);
    const noPartner = await t.send.command('qbr');
    expect(noPartner.json?.text).toMatch(/partner name/);
    expect(await one(t.store, 'SELECT count(*) AS n FROM playbook_runs')).toEqual({ n: 0 });
  });
});

describe('what the coach records', () => {
  it('validates by type, takes corrections and refuses a skip of a required field', async () => {
    t = await startTestApp();
    const { d, rootTs } = await startRecruit('Acme Corp', ACME);
    const refused = await d.reply(rootTs, 'skip');
    expect(refused.text).toMatch(/required/i);
    expect(refused.text).not.toContain('✅ Recorded');
    expect(await answers()).toEqual([]);
    await d.reply(rootTs, 'Mid-market retailers');
    const corrected = await d.reply(rootTs, 'actually the segment is enterprise retail');
    expect(corrected.text).toMatch(/changed from .*Mid-market retailers.* to .*enterprise retail/);
    const count = (await answers()).length;
    // The next question wants a number: words are refused and nothing is recorded.
    const bad = await d.reply(rootTs, 'lots');
    expect(bad.text).toMatch(/not a number/);
    expect(await answers()).toHaveLength(count);
    await d.reply(rootTs, '1.5k');
    expect((await answers()).at(-1)?.value).toBe('1500');
  });
});
