/**
 * The app at the edges of what it accepts: 100-character names made of characters that grow when escaped,
 * 200 partners, the longest notes and titles, a template with a very long outline. The fake Slack refuses
 * anything over Slack's limits, and tests/support/setup.ts fails a test that made it refuse something, so
 * each test here drives the app through one surface and checks that the answer still says what matters.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { MAX_NAME_LENGTH, MAX_NOTE_LENGTH, MAX_TITLE_LENGTH } from '../../src/domain/partners/model';
import { BUILTIN_TEMPLATES_DIR } from '../../src/domain/templates/load';
import { IDS } from '../../src/slack/ids';
import { ephemeralReply, makePartner, messageOf, mrkdwn, partnerRow, textObjectsOf } from '../commands/front-door';
import { TEST_IDS } from '../support/slack-ids';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { keyOf, reminderPosts } from '../reminders/support';

/** A name of exactly 100 characters, nearly all `&`, `<` and `>` (4–5 characters each once escaped). */
const escapingName = (i: number): string =>
  `${String(i).padStart(3, '0')} ${'&<>'.repeat(MAX_NAME_LENGTH)}`.slice(0, MAX_NAME_LENGTH);
/** A name of 100 code points that is 196 UTF-16 units long. */
const emojiName = (i: number): string => `${String(i).padStart(3, '0')} ${'🤝'.repeat(MAX_NAME_LENGTH - 4)}`;
/** The fitter's note when a message had to lose its end: a renderer should have summarised instead. */
const CUT = 'cut here';

/** As Slack sends it in a slash command: `&`, `<`, `>` escaped, in quotes. */
const typed = (name: string): string => `"${mrkdwn(name)}"`;

const daysFrom = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(() => t.slack.reset());

describe('a page of the longest names', () => {
  it('lists 50 names that grow fivefold when escaped, and pages to the rest', async () => {
    for (let i = 0; i < 60; i += 1) await makePartner(t.store, { name: escapingName(i), tier: 'Gold' });
    const page1 = ephemeralReply(await t.send.command('list tier=Gold'));
    expect(page1.all).toContain('Showing 1–50 of 60');
    expect(page1.all).toContain('000 &amp;&lt;&gt;');
    expect(page1.all).not.toContain(CUT);
    const page2 = ephemeralReply(await t.send.command('list tier=Gold page=2'));
    expect(page2.all).toContain('Showing 51–60 of 60');
    expect(page2.all).toContain('059 &amp;');
  });
});

describe('one partner with everything at its longest', () => {
  const name = escapingName(900);
  let id: number;

  beforeAll(async () => {
    const added = ephemeralReply(await t.send.command(`add ${typed(name)} channel=<#C0LONG|long>`));
    expect(added.all).toContain('added');
    id = (await partnerRow(t.store, name)).id;
    const long = (c: string, n: number) => `${c.repeat(n)}`;
    for (let i = 0; i < 20; i += 1) {
      await t.store.milestones.add({
        partner_id: id,
        title: `${i} ${long('&', MAX_TITLE_LENGTH - 3)}`,
        due_on: daysFrom(i - 10),
        created_by: TEST_IDS.alice,
        created_at: new Date().toISOString(),
      });
      await t.store.notes.add({
        partner_id: id,
        text: `${i} ${long('<', MAX_NOTE_LENGTH - 3)}`,
        user_id: TEST_IDS.alice,
        permalink: null,
        at: new Date().toISOString(),
      });
      await t.store.health.add({
        partner_id: id,
        score: 40 + i,
        previous: 39 + i,
        note: long('>', MAX_NOTE_LENGTH),
        user_id: TEST_IDS.alice,
        at: new Date().toISOString(),
      });
    }
  });

  it('shows the whole record in one message, with its buttons', async () => {
    const shown = ephemeralReply(await t.send.command(`show ${typed(name)}`));
    expect(shown.texts[0]).toContain('900 &amp;&lt;&gt;');
    expect(shown.all).toContain('Open milestones');
    expect(shown.all).toContain('Update partner');
    expect(shown.all).not.toContain(CUT);
  });

  it('announces a change in the partner channel', async () => {
    ephemeralReply(await t.send.command(`note ${typed(name)} ${mrkdwn('&'.repeat(MAX_NOTE_LENGTH))}`));
    const notice = await until(() => t.slack.calls('chat.postMessage').find((c) => c.params.channel === 'C0LONG'));
    expect(messageOf(notice.params).all).toContain('900 &amp;');
    expect(messageOf(notice.params).all).not.toContain(CUT);
  });

  it('opens the update form, the template form and the playbook form for it', async () => {
    for (const actionId of [IDS.partnerEditOpen, IDS.templateFillOpen, IDS.runStartOpen])
      await t.send.blockAction({ actionId, value: String(id), channel: 'C0LONG' });
    const opened = await until(() => {
      const views = t.slack.calls('views.open');
      return views.length === 3 ? views : undefined;
    });
    for (const call of opened) expect(call.status).toBe(200);
    expect(JSON.stringify(opened.map((c) => c.params.view))).toContain('900 &amp;');
  });

  it('fills a template for it: the file, and a summary headed by a clipped title', async () => {
    ephemeralReply(await t.send.command(`template recruitment/email-sequence ${typed(name)}`));
    const summary = await until(() => t.slack.responses().find((r) => JSON.stringify(r.body).includes('v1')));
    const [head] = textObjectsOf(messageOf(summary.body).blocks);
    expect(head).toMatch(/^Recruitment Email Sequence — 900 &<>/);
    expect(t.slack.uploads()[0]?.completed).toBe(true);
    expect(JSON.stringify(summary.body)).not.toContain(CUT);
  });

  it('starts a playbook for it in its channel', async () => {
    ephemeralReply(await t.send.command(`run onboard ${typed(name)}`));
    const root = await until(() => t.slack.calls('chat.postMessage').find((c) => c.params.channel === 'C0LONG'));
    expect(messageOf(root.params).all).toContain('900 &amp;');
    const ts = (root.response as { ts?: string }).ts; // the fake's answer: { ok, channel, ts, message }
    const step = await until(() => t.slack.calls('chat.postMessage').find((c) => c.params.thread_ts === ts));
    expect(messageOf(step.params).all).toContain('Next');

    // A reply as long as a Slack message gets: the coach answers it, and the step message redraws.
    const before = t.slack.calls('chat.postMessage').length;
    await t.send.event({
      type: 'message',
      channel: 'C0LONG',
      channel_type: 'channel',
      user: TEST_IDS.alice,
      text: mrkdwn(`${'&<> '.repeat(1000)}`),
      ts: `${Math.floor(Date.now() / 1000)}.999001`,
      thread_ts: ts,
    });
    const answer = await until(() =>
      t.slack
        .calls('chat.postMessage')
        .slice(before)
        .find((c) => c.params.thread_ts === ts),
    );
    expect(answer.status).toBe(200);
  });

  it('lists what is due: twenty overdue and soon milestones with the longest titles', async () => {
    const due = ephemeralReply(await t.send.command(`reminders ${typed(name)}`));
    expect(due.all).toContain('overdue');
    expect(due.all).not.toContain(CUT);
  });
});

describe('App Home with 200 partners', () => {
  it('shows the first of them, what is due and the buttons, within 100 blocks', async () => {
    for (let i = 0; i < 200; i += 1)
      await makePartner(t.store, { name: i % 2 ? escapingName(500 + i) : emojiName(500 + i), owner_user_id: 'U0MANY' });
    await t.send.event({ type: 'app_home_opened', user: 'U0MANY', channel: 'D0MANY', tab: 'home', event_ts: '9.1' });
    const call = await until(() => t.slack.calls('views.publish').find((c) => c.params.user_id === 'U0MANY'));
    expect(call.status).toBe(200);
    const text = JSON.stringify(call.params.view);
    expect(text).toContain('My partners* (200)');
    expect(text).toContain('All of them: `/partner list mine`');
    expect(text).toContain(IDS.partnerAddOpen);
    expect(text).not.toContain(CUT);
  });
});

describe('a library with a very long outline and 60 templates of its own', () => {
  it('describes the long one, and lists them all, each in one message that ends with what to do next', async () => {
    const own = await startTestApp({ config: 'templates:\n  folder: ./our-templates\n' });
    try {
      const folder = join(own.dir, 'our-templates', 'strategy');
      await mkdir(folder, { recursive: true });
      const source = await readFile(join(BUILTIN_TEMPLATES_DIR, 'recruitment', '01-email-sequence.md'), 'utf8');
      const ours = (n: number, title: string, extra = '') =>
        `${source
          .replace('id: recruitment/email-sequence', `id: strategy/own-${n}`)
          .replace('category: recruitment', 'category: strategy')
          .replace('number: 1', `number: ${n}`)
          .replace('title: Recruitment Email Sequence', `title: ${title}`)}${extra}`;
      const headings = Array.from(
        { length: 300 },
        (_, i) => `\n## Part ${i}: ${'a long heading & more <text> '.repeat(3)}\n\nText.\n`,
      ).join('');
      await writeFile(join(folder, '39-own-39.md'), ours(39, 'A Long Outline', headings));
      for (let n = 40; n < 100; n += 1)
        await writeFile(
          join(folder, `${n}-own-${n}.md`),
          ours(n, `Our Own Template ${n}, With a Deliberately Long Title to Fill the Catalogue`),
        );
      await own.restart();

      const info = ephemeralReply(await own.send.command('template strategy/own-39'));
      expect(info.all).toContain('Part 0: a long heading &amp; more &lt;text&gt;');
      expect(info.all).toMatch(/…and \d+ more sections: the filled file has them all/);
      expect(info.all).toContain('*You come away with*');
      expect(info.all).not.toContain(CUT);

      const library = ephemeralReply(await own.send.command('templates'));
      expect(library.all).toContain('Template library (125)');
      expect(library.all).toMatch(/…and \d+ more: `\/partner templates strategy`/);
      expect(library.all).toContain('Describe one');
      expect(library.all).not.toContain(CUT);

      const strategy = ephemeralReply(await own.send.command('templates strategy'));
      expect(strategy.all).toMatch(/…and \d+ more: `\/partner templates` lists every title/);
      expect(strategy.all).not.toContain(CUT);

      // The form lists every template by title, each clipped to an option's 75 characters.
      const id = (await makePartner(own.store, { name: 'Form Partner' })).id;
      await own.send.blockAction({ actionId: IDS.templateFillOpen, value: String(id) });
      const form = await until(() => own.slack.calls('views.open')[0]);
      expect(form.status).toBe(200);
      expect(JSON.stringify(form.params.view)).toContain('Our Own Template 99');
    } finally {
      await own.stop();
    }
  });
});

describe('a reminder about the longest name and title', () => {
  it('is posted, and redrawn once done, within the limits', async () => {
    const app = await startTestApp({ clock: fixedClock('2026-11-24T15:00:00Z') });
    try {
      const name = escapingName(700);
      ephemeralReply(await app.send.command(`add ${typed(name)} channel=<#C0REMIND|remind>`));
      const title = `${'&'.repeat(MAX_TITLE_LENGTH - 2)} 1`;
      ephemeralReply(await app.send.command(`milestone ${typed(name)} ${typed(title)} 2026-11-17`));
      await app.running.reminders.tickNow();
      const [post] = reminderPosts(app, 'C0REMIND');
      if (!post) throw new Error('no reminder was posted in C0REMIND');
      expect(post.status).toBe(200);
      const key = keyOf(post);
      expect(key).toMatch(/^milestone:/);
      await app.send.blockAction({
        actionId: IDS.reminderDone,
        value: String(key),
        channel: 'C0REMIND',
        message: { type: 'message', ts: String((post.response as { ts?: string }).ts), text: '' },
      });
      const redrawn = await until(() => app.slack.calls('chat.update')[0]);
      expect(redrawn.status).toBe(200);
      expect(messageOf(redrawn.params).all).toContain('Done by');
    } finally {
      await app.stop();
    }
  });
});
