/**
 * A workspace's life on a shared PartnerOS: uninstalled (app_uninstalled, tokens_revoked), its token
 * refused by Slack mid-delivery, the app restarted, installed again. Through the real app and the
 * fake Slack; the other workspace goes on as if nothing happened, with its own token.
 */
import { type SettingsView, settingsState } from '../settings/form-state';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { keyOf, postedCounts, reminderPosts, textOf } from '../reminders/support';
import type { RecordedCall, TokenError } from '../support/fake-slack';
import { rows } from '../support/sql';
import { TEST_BOT_TOKEN, startTestApp, type InstalledWorkspace, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { ALPHA, ackText, actedFor, mark, type TwoWorkspaces, twoWorkspaces } from './support';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

// Tuesday 24 November 2026, 10:00 in New York (the fake's default zone; reminders go out from 9:00).
const START = '2026-11-24T15:00:00Z';

interface Program extends TwoWorkspaces {
  clock: ReturnType<typeof fixedClock>;
}

/**
 * Alpha and Beta, each with "Acme Corp" in its own channel and a milestone a week overdue (one
 * nudge at the next tick, then every three days). A failed post is retried an hour later (by the
 * app's clock), so no retry timer fires while a test looks.
 */
async function program(delivery: { timeoutMs?: number } = {}): Promise<Program> {
  const clock = fixedClock(START);
  const ws = await twoWorkspaces({
    clock,
    reminders: { paceMs: 20, retry: { minDelayMs: 3_600_000 }, ...delivery },
  });
  t = ws.t;
  const { a, b } = ws;
  expect(
    ackText(await a.send.command('add "Acme Corp" tier=Gold channel=<#C0A_ACME|acme>', { user_id: 'U0ANNA' })),
  ).toContain('added');
  expect(
    ackText(await b.send.command('add "Acme Corp" tier=Silver channel=<#C0B_ACME|acme>', { user_id: 'U0BORIS' })),
  ).toContain('added');
  await a.send.command('note "Acme Corp" alpha secret pricing', { user_id: 'U0ANNA' });
  await a.send.command('milestone "Acme Corp" "Alpha joint deal" 2026-11-17', { user_id: 'U0ANNA' });
  await b.send.command('milestone "Acme Corp" "Beta launch" 2026-11-17', { user_id: 'U0BORIS' });
  // The change notices are posted after the acks: settled before a test injects faults.
  await noticed(ws.t, 'C0A_ACME', 'Alpha joint deal');
  await noticed(ws.t, 'C0B_ACME', 'Beta launch');
  return { ...ws, clock };
}

/** Waits until a message in `channel` names `what` (a change notice, posted after the command's ack). */
const noticed = (t: TestApp, channel: string, what: string) =>
  until(() => t.slack.messages(channel).some((m) => m.text.includes(what)), { message: `${what} in ${channel}` });

/** Outbox rows of one workspace: key and status. */
const deliveries = (t: TestApp, workspaceId: string) =>
  rows<{ occurrence_key: string; status: string; last_error: string | null }>(
    t.storeOf(workspaceId),
    `SELECT occurrence_key, status, last_error FROM reminder_deliveries WHERE workspace_id = '${workspaceId}' ORDER BY id`,
  );

/** Every Web API call since `from` made with `token`. */
const callsWith = (t: TestApp, token: string | undefined, from = 0): RecordedCall[] =>
  t.slack
    .calls()
    .slice(from)
    .filter((c) => c.token !== undefined && c.token === token);

/** Reminder posts since `from`, in one channel. */
const postsSince = (t: TestApp, channel: string, from: number): RecordedCall[] =>
  reminderPosts(t, channel).filter((c) => t.slack.calls().indexOf(c) >= from);

/** Waits until the workspace has no installation on file any more. */
async function untilUninstalled(t: TestApp, workspaceId: string): Promise<void> {
  await until(async () => (await t.running.database.workspaces.installation(workspaceId)) === undefined, {
    message: `${workspaceId}'s installation deleted`,
  });
}

/** Alpha's first nudge fails for a while (Slack has an outage there): its row waits, pending. */
async function alphaPending(p: Program): Promise<void> {
  const { t } = p;
  t.slack.failNext('chat.postMessage', 'internal_error', { channel: 'C0A_ACME' });
  const m = mark(t);
  const tick = await t.running.reminders.tickNow();
  expect(tick).toMatchObject({ ran: true, delivered: { sent: 1, retried: 1 } });
  expect(postsSince(t, 'C0B_ACME', m.calls)).toHaveLength(1);
  expect(postsSince(t, 'C0A_ACME', m.calls)).toHaveLength(0);
  expect((await deliveries(t, 'T0ALPHA')).map((d) => d.status)).toEqual(['pending']);
}

const uninstalls: [string, (a: InstalledWorkspace) => Record<string, unknown>][] = [
  ['app_uninstalled', () => ({ type: 'app_uninstalled' })],
  ['tokens_revoked', (a) => ({ type: 'tokens_revoked', tokens: { oauth: [], bot: [a.team.botUserId] } })],
];

describe('a workspace uninstalled', () => {
  for (const [name, eventOf] of uninstalls) {
    it(`${name}: deletes its tokens, cancels what it had waiting, and the other workspace goes on with its own token`, async () => {
      const p = await program();
      const { t, a, b, clock } = p;
      await alphaPending(p);

      const m = mark(t);
      const res = await a.send.event(eventOf(a));
      expect(res.status).toBe(200);
      await untilUninstalled(t, 'T0ALPHA');
      // Slack stops honouring the token at once.
      t.slack.revokeToken(a.token ?? '', 'token_revoked');
      expect(await t.running.database.workspaces.summary('T0ALPHA')).toMatchObject({
        installed: false,
        uninstalledAt: START.replace('Z', '.000Z'),
        partners: 1,
      });
      expect(await deliveries(t, 'T0ALPHA')).toEqual([
        expect.objectContaining({ status: 'cancelled', last_error: name.replace('_', ' ') }),
      ]);
      // Beta is untouched.
      expect(await t.running.database.workspaces.installation('T0BETA')).toContain(b.token);
      // The event posts nothing anywhere.
      expect(t.slack.calls().slice(m.calls)).toEqual([]);

      // A command from Alpha (Slack no longer sends any, but one may cross the uninstall) is told why
      // nothing happens, not asked to try again, and changes nothing.
      const said = mark(t);
      const refused = await a.send.command('milestone "Acme Corp" "Alpha after" 2026-11-20', { user_id: 'U0ANNA' });
      expect(refused.status).toBe(200);
      const told = await until(() => t.slack.responses()[said.responses]);
      expect(JSON.stringify(told.body)).toContain('PartnerOS is not installed in this workspace any more');
      expect(JSON.stringify(told.body)).not.toContain('try again');
      expect(
        await rows(t.storeOf('T0ALPHA'), "SELECT title FROM milestones WHERE workspace_id = 'T0ALPHA' ORDER BY id"),
      ).toEqual([{ title: 'Alpha joint deal' }]);
      // So is a click on one of its old messages.
      const clicked = mark(t);
      await a.send.blockAction({
        actionId: 'reminder.snooze_day',
        value: 'milestone:1:overdue:2026-11-23',
        message: { ts: '1700000000.000100' },
        user: 'U0ANNA',
      });
      const toldClick = await until(() => t.slack.responses()[clicked.responses]);
      expect(JSON.stringify(toldClick.body)).toContain('PartnerOS is not installed in this workspace any more');

      // Days later, past Alpha's retry and its next overdue repeat, and a new item in Beta.
      clock.set('2026-11-28T15:00:00Z');
      await b.send.command('milestone "Acme Corp" "Beta after" 2026-11-20', { user_id: 'U0BORIS' });
      const tick = await t.running.reminders.tickNow();
      expect(tick).toMatchObject({ ran: true });
      expect(postsSince(t, 'C0A_ACME', m.calls)).toEqual([]);
      const beta = postsSince(t, 'C0B_ACME', m.calls);
      expect(beta.map(textOf).join('\n')).toContain('Beta after');
      for (const post of beta) expect(post.token).toBe(b.token);
      expect(callsWith(t, a.token, m.calls)).toEqual([]);
      // Alpha's data stays for a reinstall; nothing new was queued for it.
      expect((await a.store.partners.findByName('Acme Corp'))?.tier).toBe('Gold');
      expect((await deliveries(t, 'T0ALPHA')).map((d) => d.status)).toEqual(['cancelled']);
      for (const [key, n] of postedCounts(t)) expect(n, key).toBe(1);
    });
  }

  it('a tokens_revoked naming only user tokens changes nothing', async () => {
    const p = await program();
    const { t, a } = p;
    await a.send.event({ type: 'tokens_revoked', tokens: { oauth: ['U0ANNA'], bot: [] } });
    // A command after it is handled in order after the event: Alpha is still served with its token.
    const m = mark(t);
    expect(ackText(await a.send.command('show "Acme Corp"', { user_id: 'U0ANNA' }))).toContain('Gold');
    expect(await t.running.database.workspaces.installation('T0ALPHA')).toContain(a.token);
    const tick = await t.running.reminders.tickNow();
    expect(tick).toMatchObject({ ran: true, delivered: { sent: 2 } });
    expect(postsSince(t, 'C0A_ACME', m.calls).map((c) => c.token)).toEqual([a.token]);
  });

  it('a second app_uninstalled (a redelivery), and the tokens_revoked that comes with it, are harmless', async () => {
    const p = await program();
    const { t, a } = p;
    const event = { type: 'app_uninstalled' };
    await a.send.event(event, { eventId: 'Ev0UNINSTALL' });
    await untilUninstalled(t, 'T0ALPHA');
    const first = await t.running.database.workspaces.summary('T0ALPHA');
    p.clock.set('2026-11-24T16:00:00Z');
    const again = await a.send.event(event, { eventId: 'Ev0UNINSTALL', retryNum: 1 });
    expect(again.status).toBe(200);
    const second = await a.send.event(event);
    expect(second.status).toBe(200);
    // Slack also sends tokens_revoked for the bot token of an uninstalled app.
    const revoked = await a.send.event({ type: 'tokens_revoked', tokens: { oauth: [], bot: [a.team.botUserId] } });
    expect(revoked.status).toBe(200);
    // The first uninstall's moment stays.
    expect(await t.running.database.workspaces.summary('T0ALPHA')).toEqual(first);
  });
});

describe('after an uninstall', () => {
  it('the revoked token is never used again, also after a restart with reminders due', async () => {
    const p = await program();
    const { t, a, b, clock } = p;
    await alphaPending(p);
    // A partner whose owner's time zone is not known yet: looked up at the next tick, had there been one.
    await a.send.command('add "Zeta Ltd" owner=<@U0ALBERT|albert>', { user_id: 'U0ANNA' });
    await a.send.command('milestone "Zeta Ltd" "Zeta kickoff" 2026-11-30', { user_id: 'U0ANNA' });
    const m = mark(t);
    await a.send.event({ type: 'app_uninstalled' });
    await untilUninstalled(t, 'T0ALPHA');
    t.slack.revokeToken(a.token ?? '', 'token_revoked');
    expect(await rows(t.storeOf('T0ALPHA'), "SELECT fetched_at FROM slack_users WHERE user_id = 'U0ALBERT'")).toEqual([
      { fetched_at: '' },
    ]);

    // A new process on the same database, days later: it catches up at start, then ticks.
    clock.set('2026-12-01T15:00:00Z');
    await t.restart();
    const tick = await t.running.reminders.tickNow();
    expect(tick).toMatchObject({ ran: true });
    clock.set('2026-12-04T15:00:00Z');
    await t.running.reminders.tickNow();
    // Nor was the new owner's time zone looked up with the dead token.
    expect(t.slack.calls('users.info').filter((c) => c.params.user === 'U0ALBERT')).toEqual([]);

    expect(callsWith(t, a.token, m.calls)).toEqual([]);
    expect(postsSince(t, 'C0A_ACME', m.calls)).toEqual([]);
    // Beta's repeats kept coming, with Beta's token.
    const beta = postsSince(t, 'C0B_ACME', m.calls);
    expect(beta.length).toBeGreaterThan(0);
    for (const post of beta) expect(post.token).toBe(b.token);
    for (const [key, n] of postedCounts(t)) expect(n, key).toBe(1);
  });
});

describe('a post in doubt when the workspace is uninstalled', () => {
  it('is neither checked in the history nor sent again with the dead token', async () => {
    const p = await program({ timeoutMs: 300 });
    const { t, a, b, clock } = p;
    // Alpha's post reaches Slack but the answer comes too late: the row is in doubt.
    t.slack.delayNext('chat.postMessage', 1_500, { channel: 'C0A_ACME' });
    const first = await t.running.reminders.tickNow();
    expect(first).toMatchObject({ ran: true, delivered: { sent: 1, unknown: 1 } });
    expect((await deliveries(t, 'T0ALPHA')).map((d) => d.status)).toEqual(['sending']);

    const m = mark(t);
    await a.send.event({ type: 'app_uninstalled' });
    await untilUninstalled(t, 'T0ALPHA');
    t.slack.revokeToken(a.token ?? '', 'token_revoked');
    expect((await deliveries(t, 'T0ALPHA')).map((d) => d.status)).toEqual(['cancelled']);
    clock.set('2026-11-27T15:00:00Z');
    await t.restart();
    await t.running.reminders.tickNow();
    expect(callsWith(t, a.token, m.calls)).toEqual([]);
    // Beta's overdue repeat still goes out, once, with Beta's token.
    expect(postsSince(t, 'C0B_ACME', m.calls).map((c) => c.token)).toEqual([b.token]);
    // The post Slack did take is there once; nothing was sent again.
    expect(t.slack.messages('C0A_ACME').filter((msg) => keyOf(msg) !== undefined)).toHaveLength(1);
  });
});

describe('a reinstall', () => {
  it('finds the old partners, notes and runs, and posts reminders again with the new token only', async () => {
    const p = await program();
    const { t, a, clock } = p;
    // Alpha's first nudge goes out, and a run is started, before the uninstall.
    await t.running.reminders.tickNow();
    expect(reminderPosts(t, 'C0A_ACME').map((c) => c.token)).toEqual([a.token]);
    expect(ackText(await a.send.command('recruit "Acme Corp"', { user_id: 'U0ANNA', channel_id: 'C0A_ACME' }))).toMatch(
      /Starting .*Recruit/i,
    );
    await until(() => t.slack.messages('C0A_ACME').some((m2) => m2.text.includes('Recruit')));

    await a.send.event({ type: 'app_uninstalled' });
    await untilUninstalled(t, 'T0ALPHA');
    t.slack.revokeToken(a.token ?? '', 'token_revoked');
    clock.set('2026-11-27T15:00:00Z');
    await t.running.reminders.tickNow();

    clock.set('2026-11-28T15:00:00Z');
    const m = mark(t);
    const again = await t.install(ALPHA);
    expect(again.token).toBeDefined();
    expect(again.token).not.toBe(a.token);
    expect(await t.running.database.workspaces.summary('T0ALPHA')).toMatchObject({ installed: true, partners: 1 });

    const shown = ackText(await again.send.command('show "Acme Corp"', { user_id: 'U0ANNA' }));
    expect(shown).toContain('Gold');
    expect(shown).toContain('alpha secret pricing');
    expect(shown).toContain('Alpha joint deal');
    expect(ackText(await again.send.command('runs', { user_id: 'U0ANNA' }))).toContain('Recruit');

    // The next overdue repeat (every three days) goes out, with the new token.
    clock.set('2026-11-30T15:00:00Z');
    const tick = await t.running.reminders.tickNow();
    expect(tick).toMatchObject({ ran: true });
    const posts = postsSince(t, 'C0A_ACME', m.calls);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.map(textOf).join('\n')).toContain('Alpha joint deal');
    for (const post of posts) expect(post.token).toBe(again.token);
    // Every call for Alpha since the reinstall carried the new token; the old one was never tried.
    for (const call of t.slack
      .calls()
      .slice(m.calls)
      .filter((c) => actedFor(t, c) === 'T0ALPHA'))
      expect(call.token, call.method).toBe(again.token);
    expect(callsWith(t, a.token, m.calls)).toEqual([]);
    for (const [key, n] of postedCounts(t)) expect(n, key).toBe(1);
  });
});

describe("a delivery refused for the workspace's own token", () => {
  const codes: TokenError[] = ['invalid_auth', 'token_revoked', 'account_inactive'];
  for (const code of codes) {
    it(`${code}: stops that workspace's deliveries, blames no channel, and the other workspace is unaffected`, async () => {
      const p = await program();
      const { t, a, b, clock } = p;
      // Alpha's nudge waits for a retry (time zones are known by now).
      await alphaPending(p);
      await b.send.command('milestone "Acme Corp" "Beta after" 2026-11-20', { user_id: 'U0BORIS' });
      await noticed(t, 'C0B_ACME', 'Beta after');
      // Slack stops taking Alpha's token with no event (the event was lost, or the account closed).
      t.slack.revokeToken(a.token ?? '', code);
      clock.set('2026-11-24T18:00:00Z');
      const m = mark(t);
      const tick = await t.running.reminders.tickNow();
      expect(tick).toMatchObject({
        ran: true,
        delivered: { sent: 1, refused: 0, redirected: 0, retried: 0, gaveUp: 0, stopped: 1 },
      });
      expect(postsSince(t, 'C0B_ACME', m.calls).map((c) => c.token)).toEqual([b.token]);

      // Alpha's tokens are forgotten and its rows cancelled: not retried, not sent elsewhere.
      await untilUninstalled(t, 'T0ALPHA');
      expect(await deliveries(t, 'T0ALPHA')).toEqual([
        expect.objectContaining({ status: 'cancelled', last_error: `workspace token refused: ${code}` }),
      ]);
      const alphaCalls = t.slack
        .calls()
        .slice(m.calls)
        .filter((c) => c.token === a.token);
      // Nothing tried after the refusal: no DM opened to the owner, no notice to the admins.
      expect(alphaCalls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
      expect(alphaCalls.filter((c) => c.method === 'conversations.open')).toEqual([]);
      expect(
        t.slack
          .calls('chat.postMessage')
          .slice(0)
          .filter(
            (c) =>
              t.slack.calls().indexOf(c) >= m.calls &&
              c.params.channel !== 'C0A_ACME' &&
              c.params.channel !== 'C0B_ACME',
          ),
      ).toEqual([]);

      // Later ticks: nothing more with the refused token, Beta goes on.
      const later = mark(t);
      clock.set('2026-11-27T15:00:00Z');
      await t.running.reminders.tickNow();
      clock.set('2026-11-30T15:00:00Z');
      await t.running.reminders.tickNow();
      expect(callsWith(t, a.token, later.calls)).toEqual([]);
      const beta = postsSince(t, 'C0B_ACME', later.calls);
      expect(beta.length).toBeGreaterThan(0);
      for (const post of beta) expect(post.token).toBe(b.token);
      for (const post of beta) expect(keyOf(post)).toBeDefined();
    });
  }
});

describe("a time-zone lookup refused for the workspace's own token", () => {
  it('stops the workspace too, so the dead token is not tried again at every tick', async () => {
    const clock = fixedClock(START);
    const ws = await twoWorkspaces({ clock, reminders: { paceMs: 20 } });
    t = ws.t;
    const { a, b } = ws;
    // Nothing due in Alpha, only an owner whose time zone is not known yet.
    await a.send.command('add "Zeta Ltd" owner=<@U0ALBERT|albert>', { user_id: 'U0ANNA' });
    await b.send.command('add "Umbrella" owner=<@U0BELLA|bella>', { user_id: 'U0BORIS' });
    t.slack.revokeToken(a.token ?? '', 'invalid_auth');
    const m = mark(t);
    await t.running.reminders.tickNow();
    expect(callsWith(t, a.token, m.calls).map((c) => [c.method, c.params.user])).toEqual([['users.info', 'U0ALBERT']]);
    await untilUninstalled(t, 'T0ALPHA');
    // After the refusal the workspace is stopped: later ticks do not try the token again.
    const later = mark(t);
    clock.set('2026-11-25T15:00:00Z');
    await t.running.reminders.tickNow();
    clock.set('2026-11-26T15:00:00Z');
    await t.running.reminders.tickNow();
    expect(callsWith(t, a.token, later.calls)).toEqual([]);
    // Beta's owner was looked up with Beta's token.
    const bella = t.slack.calls('users.info').find((c) => c.params.user === 'U0BELLA');
    expect(bella?.token).toBe(b.token);
  });
});

describe("an uninstalled workspace's people", () => {
  it("do not hold up other workspaces' time-zone lookups", async () => {
    const clock = fixedClock(START);
    const ws = await twoWorkspaces({ clock, reminders: { paceMs: 20 } });
    t = ws.t;
    const { a, b } = ws;
    // More owners than a tick looks up, in a workspace uninstalled before any of them was read.
    for (let i = 0; i < 45; i++)
      await a.send.command(`add "Partner ${i}" owner=<@U0OWNER${i}|owner${i}>`, { user_id: 'U0ANNA' });
    await a.send.event({ type: 'app_uninstalled' });
    await untilUninstalled(t, 'T0ALPHA');
    await b.send.command('add "Umbrella" owner=<@U0BELLA|bella>', { user_id: 'U0BORIS' });
    // A tick reads at most 40 people; a few ticks reach everyone who can be read.
    for (const at of ['2026-11-24T15:01:00Z', '2026-11-24T15:02:00Z', '2026-11-24T15:03:00Z']) {
      clock.set(at);
      await t.running.reminders.tickNow();
    }
    const bella = t.slack.calls('users.info').find((c) => c.params.user === 'U0BELLA');
    expect(bella?.token).toBe(b.token);
  });
});

describe('settings saved in one workspace', () => {
  type View = SettingsView;

  async function openForm(t: TestApp, w: InstalledWorkspace, user: string): Promise<View> {
    const m = mark(t);
    await w.send.command('settings', { user_id: user });
    const call = await until(() => t.slack.calls('views.open').find((c) => t.slack.calls().indexOf(c) >= m.calls));
    expect(call.token).toBe(w.token);
    return call.params.view as View;
  }

  /** The markdown document a template fill uploaded into `channel` since `from`. */
  async function documentIn(t: TestApp, w: InstalledWorkspace, channel: string, user: string): Promise<string> {
    const before = t.slack.uploads().length;
    const ack = await w.send.command('template recruitment/email-sequence "Acme Corp"', {
      user_id: user,
      channel_id: channel,
    });
    expect(ackText(ack)).toContain('Filling');
    const upload = await until(() =>
      t.slack
        .uploads()
        .slice(before)
        .find((u) => u.completed && u.channelId === channel),
    );
    return upload.bytes?.toString('utf8') ?? '';
  }

  it("do not change the other workspace's form or rendered documents", async () => {
    const clock = fixedClock(START);
    const ws = await twoWorkspaces({ clock, config: 'company:\n  name: Acme Cloud\n  product: Acme Data Platform\n' });
    t = ws.t;
    const { a, b } = ws;
    await a.send.command('add "Acme Corp" tier=Gold channel=<#C0A_ACME|acme>', { user_id: 'U0ANNA' });
    await b.send.command('add "Acme Corp" tier=Silver channel=<#C0B_ACME|acme>', { user_id: 'U0BORIS' });
    expect(await documentIn(t, b, 'C0B_ACME', 'U0BORIS')).toContain('Acme Cloud');

    const view = await openForm(t, a, 'U0ANNA');
    const res = await a.send.viewSubmission(
      {
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        blocks: view.blocks,
        state: settingsState(view, { 'company.name': { value: 'Alpha Corporation' } }),
      },
      'U0ANNA',
    );
    expect(res.status).toBe(200);
    expect(res.json?.errors).toBeUndefined();
    expect(JSON.parse((await t.running.database.workspaces.get('T0ALPHA'))?.settings ?? '{}')).toMatchObject({
      company: { name: 'Alpha Corporation' },
    });
    expect((await t.running.database.workspaces.get('T0BETA'))?.settings ?? null).toBeNull();

    const alphaDoc = await documentIn(t, a, 'C0A_ACME', 'U0ANNA');
    expect(alphaDoc).toContain('Alpha Corporation');
    const betaDoc = await documentIn(t, b, 'C0B_ACME', 'U0BORIS');
    expect(betaDoc).toContain('Acme Cloud');
    expect(betaDoc).not.toContain('Alpha Corporation');
    // Beta's form still shows partneros.yml's name.
    const betaForm = JSON.stringify(await openForm(t, b, 'U0BORIS'));
    expect(betaForm).not.toContain('Alpha Corporation');
  });
});

describe('one workspace (SLACK_BOT_TOKEN set)', () => {
  it('app_uninstalled stops its reminders without a crash; after a restart with a good token nothing is posted twice', async () => {
    const clock = fixedClock(START);
    t = await startTestApp({ clock, reminders: { paceMs: 20, retry: { minDelayMs: 3_600_000 } } });
    const app = t;
    await app.send.command('add "Acme Corp" tier=Gold channel=<#C0ACME|acme>');
    await app.send.command('milestone "Acme Corp" "Joint deal" 2026-11-17');
    await app.send.command('add "Globex" tier=Gold channel=<#C0GLOBEX|globex>');
    await app.send.command('milestone "Globex" "Globex launch" 2026-11-17');
    await noticed(app, 'C0GLOBEX', 'Globex launch');
    // Acme's nudge goes out; Globex's meets an outage and waits.
    app.slack.failNext('chat.postMessage', 'internal_error', { channel: 'C0GLOBEX' });
    expect(await app.running.reminders.tickNow()).toMatchObject({ ran: true, delivered: { sent: 1, retried: 1 } });
    await app.send.command('add "Zeta Ltd" owner=<@U0ZED|zed>');

    const m = mark(app);
    const event = { type: 'app_uninstalled' };
    expect((await app.send.event(event, { eventId: 'Ev0GONE' })).status).toBe(200);
    await until(async () => (await app.running.database.workspaces.summary('T0TEST'))?.installed === false);
    expect((await app.send.event(event, { eventId: 'Ev0GONE', retryNum: 1 })).status).toBe(200);
    app.slack.revokeToken(TEST_BOT_TOKEN, 'token_revoked');
    const pending = await rows<{ status: string }>(
      app.storeOf('T0TEST'),
      "SELECT status FROM reminder_deliveries WHERE occurrence_key LIKE 'milestone:2:%'",
    );
    expect(pending.map((r) => r.status)).toEqual(['cancelled']);

    // Days later: nothing is posted, and the revoked token is not used (no posts, no time-zone lookups).
    clock.set('2026-11-28T15:00:00Z');
    expect(await app.running.reminders.tickNow()).toMatchObject({ ran: true });
    expect(callsWith(app, TEST_BOT_TOKEN, m.calls)).toEqual([]);

    // Installed again (a good token): the app starts, reminders resume, and none is posted twice.
    app.slack.allowToken(TEST_BOT_TOKEN);
    clock.set('2026-11-30T15:00:00Z');
    await app.restart();
    await app.running.reminders.tickNow();
    expect(await app.running.database.workspaces.summary('T0TEST')).toMatchObject({ installed: true });
    const after = reminderPosts(app).filter((c) => app.slack.calls().indexOf(c) >= m.calls);
    expect(after.length).toBeGreaterThan(0);
    expect(after.map(textOf).join('\n')).toContain('Joint deal');
    for (const [key, n] of postedCounts(app)) expect(n, key).toBe(1);
  });
});
