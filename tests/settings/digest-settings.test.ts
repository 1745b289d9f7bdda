import { type SettingsView, settingsState } from './form-state';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { IDS } from '../../src/slack/ids';
import { messageOf } from '../commands/front-door';
import type { RecordedCall } from '../support/fake-slack';
import type { SlackHttpResponse } from '../support/signed-requests';
import type { Payload } from '../support/slack-payloads';
import type { SlackSender } from '../support/signed-requests';
import { rows } from '../support/sql';
import { type InstalledWorkspace, startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { keyOf, textOf } from '../reminders/support';
import { actedFor, twoWorkspaces } from '../workspaces/support';

// Monday 30 November 2026 in New York (reminders.timezone's default).
const MONDAY_8AM = '2026-11-30T13:00:00Z';
const MONDAY_9AM = '2026-11-30T14:01:00Z';
const MONDAY_10AM = '2026-11-30T15:01:00Z';
const NEXT_MONDAY_10AM = '2026-12-07T15:01:00Z';
const NEXT_WEDNESDAY_10AM = '2026-12-09T15:01:00Z';
const NEXT_NEXT_WEDNESDAY_10AM = '2026-12-16T15:01:00Z';
const ANNA = 'U0ANNA'; // installed Alpha: its admin until a list is saved
const BORIS = 'U0BORIS'; // installed Beta

type View = SettingsView;

const block = (field: string) => `${IDS.settingsBlock}${field}`;
const inputsOf = (view: View) =>
  Object.fromEntries(
    view.blocks.filter((b) => b.type === 'input').map((b) => [String(b.block_id), b.element as Payload]),
  );

let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

/** `/partner settings` typed by `user`, and the form it opened (checked against Slack's limits by the fake). */
async function openForm(send: SlackSender, user: string): Promise<View> {
  const before = t.slack.calls('views.open').length;
  await send.command('settings', { user_id: user });
  const call = await until(() => t.slack.calls('views.open')[before]);
  expect(call.response).toMatchObject({ ok: true });
  return call.params.view as View;
}

const submit = (send: SlackSender, view: View, user: string, typed: Record<string, Payload> = {}) =>
  send.viewSubmission(
    {
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      blocks: view.blocks,
      state: settingsState(view, typed),
    },
    user,
  );

const channel = (id: string | null): Payload => ({ selected_conversation: id });
const choice = (value: string): Payload => ({ selected_option: { text: { type: 'plain_text', text: value }, value } });
const errorsOf = (res: SlackHttpResponse): Record<string, string> => (res.json?.errors ?? {}) as Record<string, string>; // Slack's response_action: errors body

const digestPosts = (app: TestApp): RecordedCall[] =>
  app.slack.calls('chat.postMessage').filter((c) => c.status === 200 && (keyOf(c) ?? '').startsWith('digest:'));

const savedOf = async (id: string) => (await t.running.database.workspaces.get(id))?.settings ?? null;

const channelTargets = async (ws: InstalledWorkspace): Promise<string[]> =>
  (
    await rows<{ target: string }>(
      ws.store,
      `SELECT target FROM digest_targets WHERE workspace_id = '${ws.id}' AND target LIKE 'channel:%'`,
    )
  ).map((r) => r.target);

describe('the weekly digest in the settings form, with many workspaces', () => {
  it('turns a workspace’s channel digest on at its hour, moves it to another day, and turns it off; the other workspace never changes', async () => {
    const clock = fixedClock(MONDAY_8AM);
    // partneros.yml's channel belongs to no workspace in particular: with many, none gets it.
    const w = await twoWorkspaces({ clock, config: 'digest:\n  channel: C0FROMFILE\n' });
    t = w.t;
    const { a, b } = w;

    // The form shows the effective values: no channel digest, Monday, 09:00.
    let view = await openForm(a.send, ANNA);
    let inputs = inputsOf(view);
    expect(inputs[block('digest.channel')]).toMatchObject({ type: 'conversations_select' });
    expect(inputs[block('digest.channel')]).not.toHaveProperty('initial_conversation');
    expect(inputs[block('digest.day')]).toMatchObject({ type: 'static_select', initial_option: { value: 'mon' } });
    expect(inputs[block('digest.hour')]).toMatchObject({ type: 'static_select', initial_option: { value: '9' } });
    expect(((inputs[block('digest.day')]?.options ?? []) as Payload[]).map((o) => o.value)).toEqual([
      'mon',
      'tue',
      'wed',
      'thu',
      'fri',
      'sat',
      'sun',
    ]);
    expect(inputs[block('digest.hour')]?.options).toHaveLength(24);

    // A channel and 10:00: saved for Alpha alone, and told.
    const res = await submit(a.send, view, ANNA, {
      'digest.channel': channel('C0ALPHAWEEK'),
      'digest.hour': choice('10'),
    });
    expect(res.text).toBe('');
    expect(JSON.parse((await savedOf(a.id)) ?? '{}')).toEqual({ digest: { channel: 'C0ALPHAWEEK', hour: 10 } });
    expect(await savedOf(b.id)).toBeNull();
    const told = await until(() => t.slack.calls('chat.postEphemeral').find((c) => c.params.user === ANNA));
    const summary = messageOf(told.params).all;
    expect(summary).toContain('*Digest channel*: _none_ → <#C0ALPHAWEEK>');
    expect(summary).toContain('*Digest hour*: “09:00” → “10:00”');
    expect(await channelTargets(a)).toEqual(['channel:C0ALPHAWEEK']);
    expect(await channelTargets(b)).toEqual([]);

    // Posted at Alpha's hour, not at 09:00, with Alpha's token; Beta gets none.
    clock.set(MONDAY_9AM);
    await t.running.reminders.tickNow();
    expect(digestPosts(t)).toHaveLength(0);
    clock.set(MONDAY_10AM);
    await t.running.reminders.tickNow();
    const [post, ...more] = digestPosts(t);
    expect(more).toHaveLength(0);
    expect(post?.params.channel).toBe('C0ALPHAWEEK');
    expect(keyOf(post ?? { params: {} })).toBe(`digest:${a.id}:channel:C0ALPHAWEEK:2026-W49`);
    expect(actedFor(t, post ?? ({ params: {} } as RecordedCall))).toBe(a.id);
    expect(textOf(post ?? ({ params: {} } as RecordedCall))).toContain('Weekly partner digest');

    // The form shows what was saved; moving the day to Wednesday replans the next digest.
    view = await openForm(a.send, ANNA);
    inputs = inputsOf(view);
    expect(inputs[block('digest.channel')]).toMatchObject({ initial_conversation: 'C0ALPHAWEEK' });
    expect(inputs[block('digest.hour')]).toMatchObject({ initial_option: { value: '10' } });
    await submit(a.send, view, ANNA, { 'digest.day': choice('wed') });
    expect(JSON.parse((await savedOf(a.id)) ?? '{}').digest).toEqual({ channel: 'C0ALPHAWEEK', day: 'wed', hour: 10 });
    clock.set(NEXT_MONDAY_10AM);
    await t.running.reminders.tickNow();
    expect(digestPosts(t)).toHaveLength(1);
    clock.set(NEXT_WEDNESDAY_10AM);
    await t.running.reminders.tickNow();
    expect(digestPosts(t).map((c) => keyOf(c))).toEqual([
      `digest:${a.id}:channel:C0ALPHAWEEK:2026-W49`,
      `digest:${a.id}:channel:C0ALPHAWEEK:2026-W50`,
    ]);

    // Cleared: no channel digest any more, and nothing is saved for it (none is the default here).
    view = await openForm(a.send, ANNA);
    await submit(a.send, view, ANNA, { 'digest.channel': channel(null) });
    expect(JSON.parse((await savedOf(a.id)) ?? '{}').digest).toEqual({ day: 'wed', hour: 10 });
    expect(await channelTargets(a)).toEqual([]);
    clock.set(NEXT_NEXT_WEDNESDAY_10AM);
    await t.running.reminders.tickNow();
    expect(digestPosts(t)).toHaveLength(2);

    // Beta's form was never touched: no channel, Monday, 09:00.
    const betaInputs = inputsOf(await openForm(b.send, BORIS));
    expect(betaInputs[block('digest.channel')]).not.toHaveProperty('initial_conversation');
    expect(betaInputs[block('digest.day')]).toMatchObject({ initial_option: { value: 'mon' } });
    expect(betaInputs[block('digest.hour')]).toMatchObject({ initial_option: { value: '9' } });
    expect(await savedOf(b.id)).toBeNull();
    expect(digestPosts(t).filter((c) => actedFor(t, c) === b.id)).toHaveLength(0);
  });

  it('refuses a bad hour or day under its own field, and saves nothing', async () => {
    const w = await twoWorkspaces({ clock: fixedClock(MONDAY_8AM) });
    t = w.t;
    const view = await openForm(w.a.send, ANNA);
    const res = await submit(w.a.send, view, ANNA, {
      'digest.channel': channel('C0ALPHAWEEK'),
      'digest.hour': choice('24'),
      'digest.day': choice('someday'),
    });
    expect(res.json).toMatchObject({ response_action: 'errors' });
    const errors = errorsOf(res);
    expect(Object.keys(errors).sort()).toEqual([block('digest.day'), block('digest.hour')].sort());
    expect(errors[block('digest.hour')]).toMatch(/23/);
    expect(errors[block('digest.day')]).toMatch(/mon/);
    const none = await submit(w.a.send, view, ANNA, { 'digest.hour': { selected_option: null } });
    expect(errorsOf(none)).toEqual({ [block('digest.hour')]: 'Pick the hour the digest goes out.' });
    expect(await savedOf(w.a.id)).toBeNull();
    expect(await channelTargets(w.a)).toEqual([]);
  });
});

describe('the weekly digest in the settings form, with one workspace', () => {
  it('shows partneros.yml’s channel, and clearing it turns the channel digest off', async () => {
    const clock = fixedClock(MONDAY_8AM);
    t = await startTestApp({ clock, config: 'admins: [U0ALICE]\ndigest:\n  channel: C0DIGEST\n  hour: 10\n' });
    const view = await openForm(t.send, 'U0ALICE');
    expect(inputsOf(view)[block('digest.channel')]).toMatchObject({ initial_conversation: 'C0DIGEST' });
    await submit(t.send, view, 'U0ALICE', { 'digest.channel': channel(null) });
    // Saved as none: left out, the file's channel would apply again.
    expect(JSON.parse((await t.running.database.workspaces.get(t.store.workspaceId))?.settings ?? '{}')).toEqual({
      digest: { channel: null },
    });
    clock.set(MONDAY_10AM);
    await t.running.reminders.tickNow();
    expect(digestPosts(t)).toHaveLength(0);
    // And it stays off across a restart, which syncs the channel with the settings again.
    await t.restart();
    clock.set(NEXT_MONDAY_10AM);
    await t.running.reminders.tickNow();
    expect(digestPosts(t)).toHaveLength(0);
    expect(inputsOf(await openForm(t.send, 'U0ALICE'))[block('digest.channel')]).not.toHaveProperty(
      'initial_conversation',
    );
  });
});
