/**
 * Two workspaces on one PartnerOS and one database: the same partner name in both, and nothing of
 * one ever shown to the other — lists, show, App Home, reminders, documents, runs — each answered
 * and posted with the token of the workspace it is for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { stringsIn } from '../commands/front-door';
import { keyOf, reminderPosts, textOf } from '../reminders/support';
import { fakeTeam } from '../support/slack-ids';
import type { InstalledWorkspace, TestApp } from '../support/test-app';
import { rows } from '../support/sql';
import { until } from '../support/until';
import { ackText, actedFor, callsIn, expectTokensOf, mark, saidSince, twoWorkspaces } from './support';

// Tuesday 24 November 2026, 10:00 in New York.
const clock = fixedClock('2026-11-24T15:00:00Z');
let t: TestApp;
let a: InstalledWorkspace;
let b: InstalledWorkspace;
beforeAll(async () => {
  ({ t, a, b } = await twoWorkspaces({ clock }));
  // The same name in both workspaces, each with its own channel, tier and owner.
  expect(
    ackText(await a.send.command('add "Acme Corp" tier=Gold channel=<#C0A_ACME|acme>', { user_id: 'U0ANNA' })),
  ).toContain('added');
  expect(
    ackText(await b.send.command('add "Acme Corp" tier=Silver channel=<#C0B_ACME|acme>', { user_id: 'U0BORIS' })),
  ).toContain('added');
  await a.send.command('add "Alpha Only Ltd" tier=Gold', { user_id: 'U0ANNA' });
  await b.send.command('add "Beta Only GmbH" tier=Silver', { user_id: 'U0BORIS' });
  await a.send.command('note "Acme Corp" alpha secret pricing', { user_id: 'U0ANNA' });
  await a.send.command('milestone "Acme Corp" "Alpha joint deal" 2026-11-17', { user_id: 'U0ANNA' });
  await b.send.command('milestone "Acme Corp" "Beta launch" 2026-11-17', { user_id: 'U0BORIS' });
});
afterAll(async () => {
  await t?.stop();
});

describe('two workspaces with a partner of the same name', () => {
  it('keep one partner each, with its own tier, owner and notes', async () => {
    const alpha = await a.store.partners.findByName('Acme Corp');
    const beta = await b.store.partners.findByName('Acme Corp');
    expect(alpha).toMatchObject({ tier: 'Gold', owner_user_id: 'U0ANNA', channel_id: 'C0A_ACME' });
    expect(beta).toMatchObject({ tier: 'Silver', owner_user_id: 'U0BORIS', channel_id: 'C0B_ACME' });
    expect(alpha?.id).not.toBe(beta?.id);

    const shownA = ackText(await a.send.command('show "Acme Corp"', { user_id: 'U0ANNA' }));
    const shownB = ackText(await b.send.command('show "Acme Corp"', { user_id: 'U0BORIS' }));
    expect(shownA).toContain('Gold');
    expect(shownA).toContain('alpha secret pricing');
    expect(shownA).toContain('Alpha joint deal');
    expect(shownB).toContain('Silver');
    expect(shownB).toContain('Beta launch');
    for (const leak of ['alpha secret pricing', 'Alpha joint deal', 'Gold']) expect(shownB).not.toContain(leak);
  });

  it('list only their own partners', async () => {
    const listA = ackText(await a.send.command('list', { user_id: 'U0ANNA' }));
    const listB = ackText(await b.send.command('list', { user_id: 'U0BORIS' }));
    expect(listA).toContain('Alpha Only Ltd');
    expect(listA).not.toContain('Beta Only GmbH');
    expect(listB).toContain('Beta Only GmbH');
    expect(listB).not.toContain('Alpha Only Ltd');
    // A name of the other workspace is not found, nor suggested.
    const missing = ackText(await b.send.command('show "Alpha Only"', { user_id: 'U0BORIS' }));
    expect(missing).toContain('No partner');
    expect(missing).not.toContain('Alpha Only Ltd');
  });

  it('post change notices in the partner channel with their own token', async () => {
    expectTokensOf(t, a.team, ['C0A_ACME']);
    expectTokensOf(t, b.team, ['C0B_ACME']);
  });

  it('publish App Home with their own partners only, with their own token', async () => {
    const m = mark(t);
    await a.send.event({ type: 'app_home_opened', user: 'U0ANNA', channel: 'D0ANNA', tab: 'home' });
    await b.send.event({ type: 'app_home_opened', user: 'U0BORIS', channel: 'D0BORIS', tab: 'home' });
    const published = await until(() => {
      const calls = t.slack.calls('views.publish').slice(0);
      const anna = calls.find((c) => c.params.user_id === 'U0ANNA' && t.slack.calls().indexOf(c) >= m.calls);
      const boris = calls.find((c) => c.params.user_id === 'U0BORIS' && t.slack.calls().indexOf(c) >= m.calls);
      return anna && boris ? { anna, boris } : undefined;
    });
    expect(actedFor(t, published.anna)).toBe('T0ALPHA');
    expect(actedFor(t, published.boris)).toBe('T0BETA');
    const homeA = stringsIn(published.anna.params.view).join('\n');
    const homeB = stringsIn(published.boris.params.view).join('\n');
    expect(homeA).toContain('Alpha Only Ltd');
    expect(homeA).not.toContain('Beta Only GmbH');
    expect(homeB).toContain('Beta Only GmbH');
    expect(homeB).not.toContain('Alpha Only Ltd');
    expect(homeB).not.toContain('Alpha joint deal');
  });

  it('post each reminder in its own workspace with its token, and list only their own reminders', async () => {
    const m = mark(t);
    const tick = await t.running.reminders.tickNow();
    expect(tick).toMatchObject({ ran: true, delivered: { sent: 2 } });
    const posts = reminderPosts(t).filter((c) => t.slack.calls().indexOf(c) >= m.calls);
    const inA = posts.filter((c) => c.params.channel === 'C0A_ACME');
    const inB = posts.filter((c) => c.params.channel === 'C0B_ACME');
    expect(inA).toHaveLength(1);
    expect(inB).toHaveLength(1);
    expect(inA[0]?.token).toBe(a.token);
    expect(inB[0]?.token).toBe(b.token);
    expect(textOf(inA[0] ?? ({ params: {} } as never))).toContain('Alpha joint deal');
    expect(textOf(inB[0] ?? ({ params: {} } as never))).toContain('Beta launch');
    // The occurrence keys name each workspace's own partner.
    const alphaId = (await a.store.partners.findByName('Acme Corp'))?.id;
    expect(keyOf(inA[0] ?? { params: {} })).toContain(`:${alphaId}:`);
    // Every call of the tick (zones, DMs, posts) acted for the workspace whose channel or user it touched.
    for (const call of callsIn(t, 'C0A_ACME', m.calls)) expect(actedFor(t, call)).toBe('T0ALPHA');
    for (const call of callsIn(t, 'C0B_ACME', m.calls)) expect(actedFor(t, call)).toBe('T0BETA');
    const zones = t.slack.calls('users.info').slice(0);
    for (const z of zones.filter((c) => c.params.user === 'U0BORIS')) expect(actedFor(t, z)).toBe('T0BETA');
    for (const z of zones.filter((c) => c.params.user === 'U0ANNA')) expect(actedFor(t, z)).toBe('T0ALPHA');

    const remindersB = ackText(await b.send.command('reminders', { user_id: 'U0BORIS' }));
    expect(remindersB).toContain('Beta launch');
    expect(remindersB).not.toContain('Alpha joint deal');
  });

  it('upload documents with their own token, and show only their own documents', async () => {
    const m = mark(t);
    const ack = await a.send.command('template recruitment/email-sequence "Acme Corp"', {
      user_id: 'U0ANNA',
      channel_id: 'C0A_ACME',
    });
    expect(ackText(ack)).toContain('Filling');
    const completed = await until(() =>
      t.slack.calls('files.completeUploadExternal').find((c) => t.slack.calls().indexOf(c) >= m.calls),
    );
    expect(completed.params.channel_id).toBe('C0A_ACME');
    const uploadCalls = t.slack
      .calls()
      .slice(m.calls)
      .filter((c) => ['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal'].includes(c.method));
    expect(uploadCalls.map((c) => c.method)).toEqual(
      expect.arrayContaining(['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']),
    );
    for (const call of uploadCalls) expect(call.token, call.method).toBe(a.token);

    // The row is marked shared once Slack has answered the completing call, a moment after the fake saw it.
    const docs = await until(async () => {
      const found = await rows<{ workspace_id: string; partner_id: number; channel_id: string | null }>(
        t.storeOf('T0ALPHA'),
        'SELECT workspace_id, partner_id, channel_id FROM documents',
      );
      return found.length > 0 && found.every((d) => d.channel_id !== null) && found;
    });
    const alpha = await a.store.partners.findByName('Acme Corp');
    expect(docs).toEqual([{ workspace_id: 'T0ALPHA', partner_id: alpha?.id, channel_id: 'C0A_ACME' }]);
    const shownB = ackText(await b.send.command('show "Acme Corp"', { user_id: 'U0BORIS' }));
    expect(shownB).not.toContain('Email Sequence');
    const said = saidSince(t, m);
    expect(said).not.toContain('Silver');
  });

  it('run playbooks in their own channel with their own token, and list only their own runs', async () => {
    const m = mark(t);
    const ack = await b.send.command('recruit "Acme Corp"', { user_id: 'U0BORIS', channel_id: 'C0B_ACME' });
    expect(ackText(ack)).toMatch(/Starting .*Recruit/i);
    await until(() => t.slack.messages('C0B_ACME').some((m2) => m2.text.includes('Recruit')));
    await until(() => callsIn(t, 'C0B_ACME', m.calls).filter((c) => c.method === 'chat.postMessage').length >= 2);
    expect(callsIn(t, 'C0A_ACME', m.calls)).toEqual([]);
    for (const call of callsIn(t, 'C0B_ACME', m.calls)) expect(actedFor(t, call), call.method).toBe('T0BETA');
    expect(ackText(await a.send.command('runs', { user_id: 'U0ANNA' }))).not.toContain('Recruit');
    expect(ackText(await b.send.command('runs', { user_id: 'U0BORIS' }))).toContain('Recruit');
  });
});

describe('a Grid user in two workspaces of one organisation', () => {
  const org = { id: 'E0GRID', name: 'Grid Org' };
  const east = fakeTeam('T0GEAST', { enterprise: org, teamName: 'Grid East' });
  const west = fakeTeam('T0GWEST', { enterprise: org, teamName: 'Grid West' });
  const wanda = 'W0WANDA';

  it('gets answers about the workspace each request came from', async () => {
    const e = await t.install(east);
    const w = await t.install(west);
    await e.send.command('add "Initrode" tier=Gold channel=<#C0GE_INI|ini>', { user_id: wanda });
    await e.send.command('milestone "Initrode" "East renewal" 2026-12-01', { user_id: wanda });
    await w.send.command('add "Initrode" tier=Silver channel=<#C0GW_INI|ini>', { user_id: wanda });
    await w.send.command('add "Westworld" tier=Silver', { user_id: wanda });

    const showE = ackText(await e.send.command('show "Initrode"', { user_id: wanda }));
    const showW = ackText(await w.send.command('show "Initrode"', { user_id: wanda }));
    expect(showE).toContain('Gold');
    expect(showE).toContain('East renewal');
    expect(showW).toContain('Silver');
    expect(showW).not.toContain('East renewal');
    expect(ackText(await e.send.command('list mine', { user_id: wanda }))).not.toContain('Westworld');

    const m = mark(t);
    await e.send.event({ type: 'app_home_opened', user: wanda, channel: 'D0WANDA', tab: 'home' });
    const home = await until(() =>
      t.slack.calls('views.publish').find((c) => c.params.user_id === wanda && t.slack.calls().indexOf(c) >= m.calls),
    );
    expect(home.token).toBe(e.token);
    const text = stringsIn(home.params.view).join('\n');
    expect(text).toContain('Initrode');
    expect(text).toContain('East renewal');
    expect(text).not.toContain('Westworld');
  });
});
