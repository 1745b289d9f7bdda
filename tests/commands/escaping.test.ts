import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { ephemeralReply, messageOf, partnerRow, stringsIn, type SlackMessage } from './front-door';
import { rows } from '../support/sql';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(() => t.slack.reset());

/** `/partner <text>` exactly as Slack sends it (should_escape: true), from U0ALICE. */
const partner = async (wire: string): Promise<SlackMessage> => ephemeralReply(await t.send.command(wire));

/** What the app would show for a stored name in mrkdwn: only `&`, `<` and `>` escaped. */
const shown = (name: string) => name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('real company names', () => {
  it.each([
    // [typed by the user, as Slack sends it, found again with, stored as]
    ['AT&amp;T', 'AT&amp;T', 'AT&T'],
    ['Acme Inc.', 'Acme Inc.', 'Acme Inc.'],
    ['<http://Booking.com|Booking.com>', '<http://Booking.com|Booking.com>', 'Booking.com'],
    ['"Société Générale"', 'Société Générale', 'Société Générale'],
    [`"O'Reilly Media"`, `O'Reilly Media`, `O'Reilly Media`],
    ['“Acme Corp”', '‘Acme Corp’', 'Acme Corp'],
    [`Ben &amp; Jerry's`, `"Ben &amp; Jerry's"`, `Ben & Jerry's`],
  ])('%s is stored as typed and found again with %s', async (wire, lookup, stored) => {
    const added = await partner(`add ${wire}`);
    expect(added.texts[0]).toContain(`*${shown(stored)}*: added`);
    expect((await partnerRow(t.store, stored)).name).toBe(stored);

    const record = await partner(`show ${lookup}`);
    expect(record.texts[0]).toBe(`⚪ *${shown(stored)}*`);
    const noted = await partner(`note ${lookup} met the team`);
    expect(noted.texts[0]).toBe(`✅ *${shown(stored)}*: note added`);
    expect((await t.store.notes.recent((await partnerRow(t.store, stored)).id, 1))[0]?.text).toBe('met the team');
  });

  it('stores AT&T, never AT&amp;T, and shows it escaped once', async () => {
    await partner('add AT&amp;T Wireless');
    const names = ((await rows(t.store, 'SELECT name FROM partners')) as { name: string }[]).map((p) => p.name);
    expect(names).toContain('AT&T Wireless');
    expect(names.join()).not.toContain('&amp;');
    const list = await partner('list');
    expect(list.all).toContain('*AT&amp;T Wireless*');
    expect(list.all).not.toContain('&amp;amp;');
  });
});

describe('text that looks like a Slack control sequence', () => {
  /** Every string the app sent anywhere: ack bodies, Web API calls, response_url posts. */
  const everythingSent = (acks: SlackMessage[]) => [
    ...acks.flatMap((a) => [a.text, ...stringsIn(a.blocks)]),
    ...t.slack.calls().flatMap((c) => stringsIn(c.params)),
    ...t.slack.responses().flatMap((r) => stringsIn(r.body)),
  ];

  it('never pings: a partner named <!channel> and a note with <!here> <@U123> & stay text everywhere', async () => {
    const acks: SlackMessage[] = [];
    const run = async (wire: string) => {
      const reply = await partner(wire);
      acks.push(reply);
      return reply;
    };
    // Typed literally, Slack escapes them: `<!channel>` arrives as `&lt;!channel&gt;`.
    const added = await run('add &lt;!channel&gt; channel=<#C0LOUD|loud>');
    expect(added.texts[0]).toContain('*&lt;!channel&gt;*: added');
    expect((await partnerRow(t.store, '<!channel>')).name).toBe('<!channel>');

    await run('note &lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &amp; co');
    const row = await partnerRow(t.store, '<!channel>');
    expect((await t.store.notes.recent(row.id, 1))[0]?.text).toBe('<!here> <@U123> & co');
    // Picked from Slack's list instead, @here arrives as a real special: it must come out as text too.
    await run('note &lt;!channel&gt; heads up <!here> and <!channel>');
    await run('health &lt;!channel&gt; 40 &lt;!everyone&gt; is worried');
    await run('milestone &lt;!channel&gt; "&lt;!here&gt; launch" 2030-12-01');
    await run('tier &lt;!channel&gt; Gold');
    await run('done &lt;!channel&gt; "&lt;!here&gt; launch"');
    t.slack.failNext('chat.postMessage', 'not_in_channel', { channel: 'C0LOUD' });
    await run('stage &lt;!channel&gt; active');
    await until(() => t.slack.responses().length === 1);
    await until(() => t.slack.calls('chat.postMessage').filter((c) => c.params.channel === 'C0LOUD').length === 8);

    const record = await run('show &lt;!channel&gt;');
    expect(record.texts).toContain('&lt;!here&gt; &lt;@U123&gt; &amp; co');
    await run('list');
    await run('show &lt;!chanel&gt;'); // unknown partner: suggests “<!channel>”
    await run('add &lt;!CHANNEL&gt;'); // duplicate: names the existing one
    await run('&lt;!here&gt;'); // unknown subcommand: echoes the word
    expect(acks.at(-3)?.text).toContain('Did you mean “&lt;!channel&gt;”?');
    expect(acks.at(-2)?.text).toContain('There is already a partner called “&lt;!channel&gt;”.');

    const sent = everythingSent(acks);
    expect(sent.join('\n')).toContain('&lt;!channel&gt;');
    expect(sent.filter((s) => s.includes('<!'))).toEqual([]);
    expect(sent.filter((s) => s.includes('<@U123'))).toEqual([]);
  });
});

describe('mrkdwn in a note', () => {
  /** Text objects holding `needle`. */
  const holding = (m: SlackMessage, needle: string) => m.texts.filter((s) => s.includes(needle));

  it('renders *bold* in the note’s own text object, never in the line with the partner name', async () => {
    await partner('add "Plain Co" channel=<#C0PLAIN|plain>');
    await until(() => t.slack.calls('chat.postMessage').length === 1);
    const noted = await partner('note "Plain Co" this is *bold* news');
    const health = await partner('health "Plain Co" 55 a *bold* reason');
    const record = await partner('show "Plain Co"');
    const notices = (
      await until(() => {
        const posts = t.slack.calls('chat.postMessage');
        return posts.length === 3 && posts;
      })
    ).map((c) => messageOf(c.params));

    for (const message of [noted, health, record, ...notices.slice(1)]) {
      expect(holding(message, '*bold*').length).toBeGreaterThan(0);
      for (const text of holding(message, '*bold*')) expect(text).not.toContain('Plain Co');
      for (const text of holding(message, 'Plain Co')) expect(text).not.toContain('bold');
    }
    expect(holding(noted, '*bold*')).toEqual(['> this is *bold* news']);
    expect(record.texts).toContain('this is *bold* news');
  });
});
