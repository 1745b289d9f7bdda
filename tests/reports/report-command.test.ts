import { PNG } from 'pngjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { ephemeralReply, messageOf } from '../commands/front-door';
import type { RecordedCall } from '../support/fake-slack';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { addPartner, partner } from '../reminders/support';

/** `/partner report` through the real app: the files Slack receives, where they go, and who gets what. */

const REPORT_WAIT = { timeoutMs: 30_000 };

/** The section of a Markdown document under a `## ` heading, up to the next one. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`## ${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const rest = markdown.slice(start + heading.length + 4);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

interface ReportShare {
  complete: RecordedCall;
  markdown: string;
  png: Buffer;
  /** The reply that replaced "Preparing the report…". */
  reply: ReturnType<typeof messageOf>;
}

/** The n-th report shared (both files in one completeUploadExternal), its bytes, and the reply that followed. */
async function reportShared(t: TestApp, n = 0): Promise<ReportShare> {
  const complete = await until(
    () => t.slack.calls('files.completeUploadExternal').filter((c) => (c.response as { ok?: boolean }).ok === true)[n],
    REPORT_WAIT,
  );
  const files = complete.params.files as { id: string; title: string }[];
  expect(files).toHaveLength(2);
  const [md, png] = files.map((f) => t.slack.uploads().find((u) => u.fileId === f.id));
  expect(md?.filename).toMatch(/\.md$/);
  expect(png?.filename).toMatch(/\.png$/);
  const response = await until(() => t.slack.responses()[n], REPORT_WAIT);
  expect((response.body as Record<string, unknown>).replace_original).toBe(true);
  return {
    complete,
    markdown: md?.bytes?.toString('utf8') ?? '',
    png: png?.bytes ?? Buffer.alloc(0),
    reply: messageOf(response.body),
  };
}

/** A real PNG: the signature, then a size a chart can be read at, and not an empty image's few bytes. */
function expectChart(png: Buffer, size?: { width: number; height: number }) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const image = PNG.sync.read(png);
  if (size) expect({ width: image.width, height: image.height }).toEqual(size);
  expect(image.width).toBeGreaterThanOrEqual(800);
  expect(image.height).toBeGreaterThanOrEqual(300);
  expect(png.length).toBeGreaterThan(10_000);
  expect(png.length).toBeLessThan(2_000_000);
}

describe('/partner report', () => {
  let t: TestApp;
  const clock = fixedClock('2026-06-01T15:00:00Z');

  beforeAll(async () => {
    t = await startTestApp({ clock, config: 'company:\n  name: Acme Cloud\n' });
    const globex = await addPartner(t, 'Globex Systems', 'C0GLOBEX', 'tier=Gold');
    await partner(t, 'health "Globex Systems" 82 strong pipeline | 4 deals');
    await partner(t, 'note "Globex Systems" Met their new VP of alliances');
    await partner(t, 'milestone "Globex Systems" "First joint deal" 2026-09-01');
    await partner(t, 'milestone "Globex Systems" "Certify 3 engineers" 2026-11-01');
    clock.set('2026-08-03T15:00:00Z');
    await partner(t, 'health "Globex Systems" 64 lost their SE');
    await partner(t, 'done "Globex Systems" "First joint deal"');
    clock.set('2026-08-28T15:00:00Z');
    await addPartner(t, 'Initech', null, 'tier=Gold owner=<@U0BOB|bob>');
    await partner(t, 'health Initech 30 no reply since July');
    clock.set('2026-10-01T15:00:00Z');
    await partner(t, 'health "Globex Systems" 45 champion left &amp; budget cut');
    await partner(t, 'qbr-held "Globex Systems" 2026-09-15');
    const at = clock.now().toISOString();
    const run = await t.store.runs.insert({
      partner_id: globex,
      playbook_id: 'expand',
      channel_id: 'C0GLOBEX',
      started_by: 'U0ALICE',
      at,
    });
    await t.store.runs.started(
      run,
      {
        channel_id: 'C0GLOBEX',
        thread_ts: '1790000000.000100',
        permalink: 'https://example.slack.com/archives/C0GLOBEX/p1',
      },
      at,
    );
    await t.store.documents.add({
      partner_id: globex,
      run_id: null,
      template_id: 'enablement/qbr-document',
      template_version: '1.0.0',
      title: 'QBR Document — Globex Systems',
      rendered_text: '# QBR',
      missing: [],
      created_by: 'U0ALICE',
      created_at: at,
    });
    clock.set('2026-11-24T15:00:00Z');
  });
  afterAll(async () => {
    await t?.stop();
  });
  beforeEach(() => t.slack.reset());

  it('acks at once, then posts one share here: the partner report in Markdown and its health chart as a PNG', async () => {
    const ack = ephemeralReply(await t.send.command('report Globex Systems'));
    expect(ack.all).toContain('Preparing the report for *Globex Systems*');
    const { complete, markdown, png, reply } = await reportShared(t);
    expect(complete.params.channel_id).toBe('C0GENERAL');
    expect(String(complete.params.initial_comment)).toContain('Globex Systems — partner report, for <@U0ALICE>');

    expect(markdown.startsWith('# Globex Systems — partner report\n')).toBe(true);
    const summary = section(markdown, 'Summary');
    expect(summary).toContain('| Tier | Gold |');
    expect(summary).toContain('| QBR cadence | every 3 months |');
    expect(summary).toContain('| Last QBR | 2026-09-15 |');
    expect(summary).toContain('| Next QBR | 2026-12-15 (in 21 days) |');
    expect(summary).toContain('| Owner | Alice |');
    expect(summary).toContain('| Channel | #globex |');
    expect(summary).toContain('| Health now | 🔴 45 |');

    // Every score with its reason and who gave it, oldest first.
    const health = section(markdown, 'Health trend');
    expect(health.split('\n').filter((l) => /^\| 2026-/.test(l))).toEqual([
      '| 2026-06-01 | 🟢 82 |  | strong pipeline \\| 4 deals | Alice |',
      '| 2026-08-03 | 🟡 64 | -18 | lost their SE | Alice |',
      '| 2026-10-01 | 🔴 45 | -19 | champion left & budget cut | Alice |',
    ]);
    expect(section(markdown, 'Milestones')).toContain('- [ ] Certify 3 engineers — due 2026-11-01 (23 days overdue) ⚠️');
    expect(section(markdown, 'Milestones')).toContain('- [x] First joint deal — done 2026-08-03');
    expect(section(markdown, 'Recent notes')).toContain('Alice: Met their new VP of alliances');
    expect(section(markdown, 'Playbook runs')).toContain(
      '| [Expand](https://example.slack.com/archives/C0GLOBEX/p1) | ▶️ active | step 1 of',
    );
    expect(section(markdown, 'Documents')).toContain(
      '| QBR Document — Globex Systems v1 | `enablement/qbr-document` | v1 |',
    );

    expectChart(png, { width: 1200, height: 600 });
    expect(reply.all).toContain('are in <#C0GENERAL>');
    expect(reply.all).toContain(
      'Health 🔴 45 (3 scores) · next QBR 2026-12-15, in 21 days · 1 open milestone (1 overdue)',
    );
  });

  it('answers a name it does not know with the closest ones, and uploads nothing', async () => {
    const reply = ephemeralReply(await t.send.command('report Globx Systms'));
    expect(reply.all).toContain('No partner called “Globx Systms”.');
    expect(reply.all).toContain('Did you mean “Globex Systems”');
    expect(t.slack.calls('files.getUploadURLExternal')).toHaveLength(0);
  });

  it('finds a partner by part of its name, as other commands do', async () => {
    ephemeralReply(await t.send.command('report globex'));
    const { markdown } = await reportShared(t);
    expect(markdown.startsWith('# Globex Systems — partner report\n')).toBe(true);
  });

  it('without a name, reports the whole program: tiers and stages, at risk, overdue, QBRs this month, runs in flight, and a chart', async () => {
    const ack = ephemeralReply(await t.send.command('report'));
    expect(ack.all).toContain('Preparing the portfolio report (every partner)');
    const { markdown, png, reply } = await reportShared(t);
    expect(markdown.startsWith('# Acme Cloud partner program — portfolio report\n')).toBe(true);
    expect(section(markdown, 'Partners by tier and stage')).toContain('| **Gold** | 2 | **2** |');
    const atRisk = section(markdown, 'At risk');
    expect(atRisk).toContain('| Initech | Gold | Prospect | 🔴 30 | no reply since July | Bob |');
    expect(atRisk).toContain('| Globex Systems | Gold | Prospect | 🔴 45 | champion left & budget cut | Alice |');
    expect(section(markdown, 'Overdue')).toContain(
      '| Globex Systems | Milestone: Certify 3 engineers | 2026-11-01 | 23 days |',
    );
    expect(section(markdown, 'QBRs due this month')).toContain(
      '**Initech** (Gold) — 2026-11-28 (in 4 days), owner Bob',
    );
    expect(section(markdown, 'Playbook runs in flight')).toContain('| Globex Systems | [Expand]');
    expectChart(png);
    expect(reply.all).toContain('2 partners · 2 at risk · 1 overdue · 1 QBRs due this month');
  });

  it('keeps health and notes out of a channel shared outside the company: the report goes to the requester’s DM', async () => {
    t.slack.setChannel('C0SHARED', { is_ext_shared: true });
    ephemeralReply(await t.send.command('report "Globex Systems"', { channel_id: 'C0SHARED' }));
    const { complete, reply } = await reportShared(t);
    expect(complete.params.channel_id).toBe('DU0ALICE');
    expect(t.slack.calls('files.completeUploadExternal').map((c) => c.params.channel_id)).not.toContain('C0SHARED');
    expect(reply.all).toContain('are in your DM with me: the channel you typed in is shared outside your company');
  });

  it('goes to the requester’s DM when PartnerOS is not in the channel it was asked in', async () => {
    t.slack.failNext('files.completeUploadExternal', 'not_in_channel', { channel: 'C0ELSEWHERE' });
    ephemeralReply(await t.send.command('report', { channel_id: 'C0ELSEWHERE' }));
    const { complete, reply } = await reportShared(t);
    expect(complete.params.channel_id).toBe('DU0ALICE');
    expect(reply.all).toContain('I’m not in the channel you typed in (`not_in_channel`)');
  });

  it('says plainly when Slack refuses the files, and changes nothing', async () => {
    t.slack.failNext('files.getUploadURLExternal', 'ratelimited');
    ephemeralReply(await t.send.command('report Initech'));
    const response = await until(() => t.slack.responses()[0], REPORT_WAIT);
    expect(messageOf(response.body).all).toContain('Slack refused the report (`ratelimited`)');
    expect(t.slack.calls('files.completeUploadExternal')).toHaveLength(0);
  });
});

describe('/partner report, who gets what', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      clock: fixedClock('2026-11-24T15:00:00Z'),
      config: 'admins: [U0ADMIN]\nprivacy:\n  internal_details_in_shared_channels: true\n',
    });
    await addPartner(t, 'Alpha Alliances', null);
    await partner(t, 'add "Bravo Builders" owner=<@U0BOB|bob>', 'U0ADMIN');
    // Below 50: both are named under At risk, the one table that lists partners by name.
    await partner(t, 'health "Alpha Alliances" 30 slow start');
    await partner(t, 'health "Bravo Builders" 40 quiet since the launch', 'U0BOB');
  });
  afterAll(async () => {
    await t?.stop();
  });
  beforeEach(() => t.slack.reset());

  it('gives a partner manager who is not an admin the portfolio of the partners they own, and says so', async () => {
    const ack = ephemeralReply(await t.send.command('report', { user_id: 'U0BOB' }));
    expect(ack.all).toContain('the portfolio report of the partners you own');
    const { markdown } = await reportShared(t);
    expect(markdown).toContain('# Partner program: partners of Bob — portfolio report');
    expect(markdown).toContain('Only the partners Bob owns; PartnerOS admins get the whole program.');
    expect(markdown).toContain('1 partner.');
    expect(section(markdown, 'At risk')).toContain(
      '| Bravo Builders | Bronze | Prospect | 🔴 40 | quiet since the launch | Bob |',
    );
    expect(markdown).not.toContain('Alpha Alliances');
  });

  it('gives an admin every partner', async () => {
    ephemeralReply(await t.send.command('report', { user_id: 'U0ADMIN' }));
    const { markdown } = await reportShared(t);
    expect(markdown.startsWith('# Partner program — portfolio report\n')).toBe(true);
    expect(markdown).toContain('2 partners.');
    expect(section(markdown, 'At risk')).toContain('| Bravo Builders |');
    expect(section(markdown, 'At risk')).toContain('| Alpha Alliances |');
  });

  it('posts in a shared channel when the company allows internal details there', async () => {
    t.slack.setChannel('C0SHARED', { is_ext_shared: true });
    ephemeralReply(await t.send.command('report "Alpha Alliances"', { channel_id: 'C0SHARED' }));
    const { complete } = await reportShared(t);
    expect(complete.params.channel_id).toBe('C0SHARED');
  });

  it('is listed by /partner help', async () => {
    const help = ephemeralReply(await t.send.command('help'));
    expect(help.all).toContain('`/partner report [partner]`');
    expect(help.all).toContain('`/partner qbr-invite &lt;partner&gt; [YYYY-MM-DD HH:MM]`');
  });
});
