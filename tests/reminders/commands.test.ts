import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { textObjectsOf } from '../commands/front-door';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { addPartner, buttonsOf, keyOf, noticesIn, partner } from './support';

// Tuesday 24 November 2026, 10:00 in New York.
const clock = fixedClock('2026-11-24T15:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock, config: 'admins: [U0ADMIN]\n' });
  await addPartner(t, 'Acme Corp', 'C0ACME', 'tier=Gold');
  await partner(t, 'milestone "Acme Corp" "Kick-off" 2026-11-17');
  await partner(t, 'milestone "Acme Corp" "First joint deal" 2026-12-15');
  await partner(t, 'milestone "Acme Corp" "Far away" 2027-06-01');
  await partner(t, 'add "Globex" tier=Bronze owner=<@U0BOB|bob>');
  await partner(t, 'milestone "Globex" "Bob’s milestone" 2026-12-01', 'U0BOB');
  await noticesIn(t, 'C0ACME', 4);
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(() => t.slack.reset());

describe('/partner reminders', () => {
  it('lists a partner’s overdue items and what falls due in the next 30 days, with dates and kinds', async () => {
    const text = await partner(t, 'reminders "Acme Corp"');
    expect(text).toContain('*Reminders* — *Acme Corp* · today Tue 24 Nov');
    expect(text).toMatch(
      /\*Overdue or needing attention\* \(1\)\n• Tue 17 Nov · 🎯 Milestone “Kick-off” — \*Acme Corp\* · 7 days overdue/,
    );
    expect(text).toMatch(
      /\*Next 30 days \(to Thu 24 Dec\)\* \(1\)\n• Tue 15 Dec · 🎯 Milestone “First joint deal” — \*Acme Corp\* · in 21 days/,
    );
    expect(text).not.toContain('Far away');
    expect(text).not.toContain('Globex');
  });

  it('without a partner lists the partners you own; admins see every partner', async () => {
    const mine = await partner(t, 'reminders', 'U0BOB');
    expect(mine).toContain('the partners you own');
    expect(mine).toContain('Bob’s milestone');
    expect(mine).not.toContain('Acme Corp');
    const all = await partner(t, 'reminders', 'U0ADMIN');
    expect(all).toContain('every partner (2)');
    expect(all).toContain('Bob’s milestone');
    expect(all).toContain('Kick-off');
    expect(await partner(t, 'reminders', 'U0NOBODY')).toContain('You own no partners yet');
  });

  it('answers an unknown partner with the closest names', async () => {
    const text = await partner(t, 'reminders "Acme Crop"');
    expect(text).toContain('No partner called “Acme Crop”');
    expect(text).toContain('Did you mean “Acme Corp”?');
  });

  it('is in help, no longer "coming soon"', async () => {
    const help = await partner(t, 'help reminders');
    expect(help).toContain('/partner reminders [partner]');
    expect(help).not.toContain('coming soon');
  });
});

describe('/partner qbr-held', () => {
  it('records a QBR on a past day, re-plans the next one and announces it in the partner channel, without Snooze', async () => {
    const text = await partner(t, 'qbr-held "Acme Corp" 2026-11-20');
    expect(text).toContain('✅ *Acme Corp*: QBR held on 2026-11-20 added; next QBR set to 2027-02-20');
    const notice = await until(() => t.slack.calls('chat.postMessage').find((c) => c.params.channel === 'C0ACME'));
    expect(textObjectsOf(notice.params.blocks).join('\n')).toContain(
      'QBR held on 2026-11-20 added; next QBR set to 2027-02-20 by <@U0ALICE>',
    );
    expect(buttonsOf(notice).join(' ')).not.toMatch(/snooze/i);
    expect(keyOf(notice)).toBeUndefined();
    const id = (await t.store.partners.findByName('Acme Corp'))?.id ?? 0;
    expect(await t.store.qbrs.last(id)).toMatchObject({ held_on: '2026-11-20', user_id: 'U0ALICE' });
    expect((await t.store.audit.forPartner(id, 1))[0]).toMatchObject({ action: 'qbr.held' });
  });

  it('records today when no day is given, and says so when that QBR is already on file', async () => {
    expect(await partner(t, 'qbr-held Globex', 'U0BOB')).toContain(
      'QBR held on 2026-11-24 added; next QBR set to 2027-11-24',
    );
    expect(await partner(t, 'qbr-held Globex 2026-11-24', 'U0BOB')).toContain(
      'QBR held on 2026-11-24 is already recorded',
    );
  });

  it.each([
    ['qbr-held "Acme Corp" 2026-12-01', '2026-12-01 is in the future (today is 2026-11-24)'],
    ['qbr-held "Acme Corp" 2026-13-45', '“2026-13-45” is not a real calendar date'],
    ['qbr-held "Acme Corp" next-tuesday', '“next-tuesday” is not a date I can read'],
    ['qbr-held "Acme Corp" 2026-11-20 2026-11-21', '“2026-11-20 2026-11-21” is not a date I can read'],
    ['qbr-held "Acme Corp" 03/04/2026', '“03/04/2026” could be 2026-04-03 or 2026-03-04'],
    ['qbr-held "Acme Corp" next friday', '2026-12-04 is in the future (today is 2026-11-24)'],
    ['qbr-held "Acme Crop" 2026-11-20', 'Did you mean “Acme Corp”?'],
    ['qbr-held', '`qbr-held` needs a partner name'],
  ])('refuses `%s` with a specific message', async (line, message) => {
    const text = await partner(t, line);
    expect(text).toContain(message);
  });

  it('is refused to someone who may not change the partner', async () => {
    expect(await partner(t, 'qbr-held "Acme Corp"', 'U0BOB')).toContain(
      'Only the owner of “Acme Corp” and PartnerOS admins can change it',
    );
  });
});
