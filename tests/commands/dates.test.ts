/**
 * Dates typed in `/partner` commands are read by the coach's own grammar, counted from today in the company
 * time zone (the injected clock), and a date that reads two ways is refused with the fix.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { startTestApp, type TestApp } from '../support/test-app';
import { ephemeralReply, memoryOf, partnerRow } from './front-door';

// Wednesday 25 November 2026, 04:30 in UTC but still Tuesday 24 November, 23:30, in New York (the
// company zone): "tomorrow" is the 25th, and "friday" the 27th.
const clock = fixedClock('2026-11-25T04:30:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
  ephemeralReply(await t.send.command('add "Acme Corp"'));
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(() => t.slack.reset());

const dueOf = async (title: string): Promise<string | undefined> =>
  (await t.store.milestones.all((await partnerRow(t.store, 'Acme Corp')).id)).find((m) => m.title === title)?.due_on;

describe('/partner milestone with the dates the coach reads', () => {
  it.each([
    ['"Kickoff" next friday', 'Kickoff', '2026-12-04'],
    ['"Call" friday', 'Call', '2026-11-27'],
    ['"Tomorrow’s call" tomorrow', 'Tomorrow’s call', '2026-11-25'],
    ['Pilot review in 2 weeks', 'Pilot review', '2026-12-08'],
    ['"Board" 15 Dec', 'Board', '2026-12-15'],
    ['"Renewal" end of next quarter', 'Renewal', '2027-03-31'],
    ['"Launch" 2027-01-15', 'Launch', '2027-01-15'],
  ])('`milestone "Acme Corp" %s` adds “%s” due %s', async (rest, title, due) => {
    const reply = ephemeralReply(await t.send.command(`milestone "Acme Corp" ${rest}`));
    expect(reply.all).toContain(`due ${due}`);
    expect(await dueOf(title)).toBe(due);
  });

  it('refuses 03/04/2026, which reads two ways, gives both readings and the fix, and records nothing', async () => {
    const before = await memoryOf(t.store);
    const reply = ephemeralReply(await t.send.command('milestone "Acme Corp" "Kickoff call" 03/04/2026'));
    expect(reply.all).toContain('“03/04/2026” could be 2026-04-03 or 2026-03-04');
    expect(reply.all).toContain('Write the date as YYYY-MM-DD, e.g. 2026-04-03, or with the month as a word');
    expect(await memoryOf(t.store)).toBe(before);
    // The fix works as written.
    ephemeralReply(await t.send.command('milestone "Acme Corp" "Kickoff call" 3 Apr 2026'));
    expect(await dueOf('Kickoff call')).toBe('2026-04-03');
  });

  it('`/partner help milestone` says which forms are read and how an ambiguous one is refused', async () => {
    const reply = ephemeralReply(await t.send.command('help milestone'));
    for (const form of ['`2026-12-15`', '`15 Dec 2026`', '`next friday`', '`in 2 weeks`', '`end of month`'])
      expect(reply.all).toContain(form);
    expect(reply.all).toContain('`03/04/2026`, is refused');
    expect(reply.all).toContain('company time zone');
  });
});
