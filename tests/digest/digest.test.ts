import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { startTestApp, type TestApp } from '../support/test-app';
import { addPartner, keyOf, partner, textOf } from '../reminders/support';

// Monday 30 November 2026, 08:00 in New York (the default zone): the digest is due at 09:00.
const MONDAY_8AM = '2026-11-30T13:00:00Z';
const MONDAY_9AM = '2026-11-30T14:01:00Z';
const NEXT_MONDAY_9AM = '2026-12-07T14:01:00Z';
const CONFIG = 'digest:\n  channel: C0DIGEST\n';

let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

const digestPosts = (app: TestApp, channel?: string) =>
  app.slack
    .calls('chat.postMessage')
    .filter(
      (c) =>
        c.status === 200 &&
        (keyOf(c) ?? '').startsWith('digest:') &&
        (channel === undefined || c.params.channel === channel),
    );

/** A week with something in most parts: a stage moved up, a milestone done, a health drop with its reason, a milestone overdue, a QBR due. */
async function eventfulWeek(app: TestApp): Promise<void> {
  await addPartner(app, 'Acme Corp', 'C0ACME', 'tier=Gold');
  await partner(app, 'stage "Acme Corp" recruiting');
  await partner(app, 'health "Acme Corp" 80');
  await partner(app, 'health "Acme Corp" 40 lost the champion');
  await partner(app, 'milestone "Acme Corp" "Sign the reseller agreement" 2026-11-20');
  // Gold: a QBR every 3 months, so the next one falls on Wednesday of the digest's week.
  await partner(app, 'qbr-held "Acme Corp" 2026-09-02');
  await addPartner(app, 'Globex', null);
  await partner(app, 'milestone "Globex" "Kick-off call" 2026-11-27', 'U0ALICE');
  await partner(app, 'done "Globex" "Kick-off call"');
}

describe('the weekly digest', () => {
  it('is posted once in the digest channel at its hour, with wins, risks and what is due, across ticks and a restart', async () => {
    const clock = fixedClock(MONDAY_8AM);
    t = await startTestApp({ clock, config: CONFIG });
    await eventfulWeek(t);
    await t.running.reminders.tickNow();
    expect(digestPosts(t)).toHaveLength(0); // 08:00: not yet

    clock.set(MONDAY_9AM);
    const tick = await t.running.reminders.tickNow();
    expect(tick).toMatchObject({ ran: true, digests: 1 });
    const [post] = digestPosts(t, 'C0DIGEST');
    expect(keyOf(post ?? { params: {} })).toBe(`digest:${t.store.workspaceId}:channel:C0DIGEST:2026-W49`);
    const text = post ? textOf(post) : '';
    expect(text).toContain('Weekly partner digest');
    expect(text).toMatch(/Stage moves up[\s\S]*Acme Corp\*?: prospect → recruiting/);
    expect(text).toMatch(/Milestones done[\s\S]*Globex\*?: Kick-off call/);
    expect(text).toMatch(/Health drops[\s\S]*Acme Corp\*?: 80 → 40 \(lost the champion\)/);
    expect(text).toMatch(/Overdue[\s\S]*Sign the reseller agreement/);
    expect(text).toMatch(/This week[\s\S]*Acme Corp\*?: Wed 2 Dec/);
    expect(post?.params.metadata).toMatchObject({ event_type: 'partneros_reminder' });

    await t.running.reminders.tickNow();
    await t.restart();
    await t.running.reminders.tickNow();
    expect(digestPosts(t)).toHaveLength(1);

    clock.set(NEXT_MONDAY_9AM);
    await t.running.reminders.tickNow();
    const posts = digestPosts(t, 'C0DIGEST');
    expect(posts.map((p) => keyOf(p)?.split(':').at(-1))).toEqual(['2026-W49', '2026-W50']);
  });

  it('leaves health out in a channel shared outside the company', async () => {
    const clock = fixedClock(MONDAY_8AM);
    t = await startTestApp({ clock, config: CONFIG });
    t.slack.setChannel('C0DIGEST', { is_ext_shared: true });
    await eventfulWeek(t);
    clock.set(MONDAY_9AM);
    await t.running.reminders.tickNow();
    const text = textOf(digestPosts(t, 'C0DIGEST')[0] ?? ({ params: {} } as never));
    expect(text).not.toContain('lost the champion');
    expect(text).not.toContain('80 → 40');
    expect(text).toContain('Health is left out here');
    expect(text).toContain('Sign the reseller agreement');
  });

  it('comes as a DM about your own partners once you turn it on, and stops when you turn it off', async () => {
    const clock = fixedClock(MONDAY_8AM);
    t = await startTestApp({ clock });
    await eventfulWeek(t);
    const on = await partner(t, 'digest on');
    expect(on).toContain('Weekly digest on');
    expect(on).toContain('Monday at 09:00');
    expect(on).toContain('Mon 30 Nov 09:00');
    expect(await partner(t, 'digest on')).toContain('already on');
    expect(await partner(t, 'digest', 'U0BOB')).toContain('Your weekly digest is off');

    clock.set(MONDAY_9AM);
    await t.running.reminders.tickNow();
    const [dm] = digestPosts(t);
    expect(dm?.params.channel).toMatch(/^D/); // the DM opened with conversations.open
    expect(textOf(dm ?? ({ params: {} } as never))).toContain('The week for your partners');
    expect(digestPosts(t)).toHaveLength(1); // no channel configured: only the DM

    expect(await partner(t, 'digest off')).toContain('Weekly digest off');
    clock.set(NEXT_MONDAY_9AM);
    await t.running.reminders.tickNow();
    expect(digestPosts(t)).toHaveLength(1);
  });

  it('answers a word it does not know with the usage', async () => {
    t = await startTestApp({ clock: fixedClock(MONDAY_8AM) });
    const reply = await partner(t, 'digest weekly');
    expect(reply).toContain('`digest` takes `on`, `off` or nothing');
    expect(reply).toContain('/partner digest [on|off]');
  });
});
