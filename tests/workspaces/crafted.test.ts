/**
 * Crafted payloads: a person in workspace B sends buttons, forms and thread replies that name
 * workspace A's partner, run, document or reminder by id. Each is refused as not found: nothing of
 * A changes, nothing is posted for A, and no reply names A's partner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { encodeFillTarget } from '../../src/slack/blocks/fill-answers-modal';
import { IDS } from '../../src/slack/ids';
import { buttons, headerOf } from '../playbooks/thread-driver';
import { keyOf, reminderPosts } from '../reminders/support';
import type { SlackHttpResponse } from '../support/signed-requests';
import { inputValues } from '../support/slack-payloads';
import { rows } from '../support/sql';
import type { InstalledWorkspace, TestApp } from '../support/test-app';
import { until } from '../support/until';
import { actedFor, callsIn, type Mark, mark, saidSince, twoWorkspaces } from './support';

const clock = fixedClock('2026-11-24T15:00:00Z');
const SECRET = 'Zanzibar Secret Holdings';
const A_CHANNEL = 'C0A_ZANZI';
const B_CHANNEL = 'C0B_BETA';
let t: TestApp;
let a: InstalledWorkspace;
let b: InstalledWorkspace;
/** What a crafted payload names: ids of workspace A's things. */
const alpha = { partnerId: 0, reminderKey: '', stepRef: '', rootTs: '', runId: 0 };

/** Every row of workspace A, in a stable order: what must not change. */
async function alphaRows(): Promise<string> {
  const store = t.storeOf('T0ALPHA');
  const tables = [
    'partners',
    'notes',
    'milestones',
    'health_events',
    'reminder_deliveries',
    'reminder_snoozes',
    'playbook_runs',
    'run_answers',
    'documents',
    'partner_answers',
    'qbrs',
    'audit_log',
  ];
  const out: unknown[] = [];
  for (const table of tables)
    out.push(table, await rows(store, `SELECT * FROM ${table} WHERE workspace_id = 'T0ALPHA' ORDER BY 1`));
  // Rows of A's partner that a crafted write might have filed under B.
  for (const table of ['notes', 'milestones', 'reminder_deliveries', 'playbook_runs', 'documents', 'audit_log'])
    out.push(
      `${table} of A's partner elsewhere`,
      await rows(store, `SELECT * FROM ${table} WHERE partner_id = ${alpha.partnerId} AND workspace_id <> 'T0ALPHA'`),
    );
  return JSON.stringify(out);
}

beforeAll(async () => {
  ({ t, a, b } = await twoWorkspaces({ clock }));
  const anna = { user_id: 'U0ANNA', channel_id: A_CHANNEL };
  await a.send.command(`add "${SECRET}" tier=Gold type=reseller channel=<#${A_CHANNEL}|zanzi>`, anna);
  await a.send.command(`milestone "${SECRET}" "Secret merger" 2026-11-17`, anna);
  await a.send.command(`template recruitment/email-sequence "${SECRET}"`, anna);
  await a.send.command(`recruit "${SECRET}"`, anna);
  await b.send.command(`add "Beta Partner" tier=Silver channel=<#${B_CHANNEL}|beta>`, { user_id: 'U0BORIS' });
  await t.running.reminders.tickNow();

  alpha.partnerId = (await a.store.partners.findByName(SECRET))?.id ?? 0;
  alpha.reminderKey = keyOf(reminderPosts(t, A_CHANNEL)[0] ?? { params: {} }) ?? '';
  const root = await until(() =>
    t.slack.messages(A_CHANNEL).find((m) => !m.thread_ts && headerOf(m).startsWith('Recruit')),
  );
  alpha.rootTs = root.ts;
  const step = await until(() =>
    t.slack.messages(A_CHANNEL).find((m) => m.thread_ts === root.ts && buttons(m).some((x) => x.label === 'Next step')),
  );
  alpha.stepRef = buttons(step).find((x) => x.label === 'Next step')?.value ?? '';
  alpha.runId = Number(alpha.stepRef.split(':')[0]);
  // A's work after its acks is over before B starts: the document shared and summed up, the run's thread drawn.
  await until(async () => {
    const [doc] = await rows<{ status: string }>(
      a.store,
      "SELECT status FROM documents WHERE workspace_id = 'T0ALPHA'",
    );
    const [run] = await rows<{ step_ts: string | null; permalink: string | null }>(
      a.store,
      "SELECT step_ts, permalink FROM playbook_runs WHERE workspace_id = 'T0ALPHA'",
    );
    const summed = t.slack.responses().some((r) => JSON.stringify(r.body).includes('Still to fill'));
    return doc?.status === 'shared' && summed && Boolean(run?.step_ts && run.permalink);
  });
  expect(alpha).toMatchObject({
    partnerId: expect.any(Number),
    reminderKey: expect.stringContaining(`:${alpha.partnerId}:`),
    stepRef: expect.stringMatching(/^\d+:0:\d+$/),
  });
});
afterAll(async () => {
  await t?.stop();
});

/** Sends from B, waits for B's answer, and checks that A is untouched and unnamed. */
async function refused(send: () => Promise<SlackHttpResponse>, answered: (said: string) => boolean): Promise<string> {
  const before = await alphaRows();
  const m: Mark = mark(t);
  const res = await send();
  expect(res.status).toBe(200);
  const said = await until(
    () => {
      const now = `${JSON.stringify(res.json ?? '')}\n${saidSince(t, m, res)}`;
      return answered(now) ? now : undefined;
    },
    { message: () => `B's answer; so far: ${saidSince(t, m, res)}` },
  );
  // Whatever B's handler did after the answer is finished too: the next request waits behind nothing.
  await b.send.command('help', { user_id: 'U0BORIS' });
  expect(await alphaRows()).toBe(before);
  const all = saidSince(t, m, res);
  for (const leak of ['Zanzibar', 'Secret merger', 'Secret Holdings']) expect(all).not.toContain(leak);
  expect(callsIn(t, A_CHANNEL, m.calls)).toEqual([]);
  for (const call of t.slack.calls().slice(m.calls))
    if (call.token) expect(actedFor(t, call), call.method).toBe('T0BETA');
  return said;
}

const notFound = (said: string) => /No partner called “#\d+”|no longer know|not found|no longer exists/i.test(said);

const fromB = (actionId: string, value: string) => () =>
  b.send.blockAction({ actionId, value, user: 'U0BORIS', channel: B_CHANNEL });

describe("buttons from workspace B naming A's things", () => {
  const partnerButtons: [string, string][] = [
    ['Archive', IDS.partnerArchive],
    ['Update', IDS.partnerEditOpen],
    ['Fill a template', IDS.templateFillOpen],
    ['Start a playbook', IDS.runStartOpen],
    ['Open partner (reminder)', IDS.reminderOpen],
  ];
  for (const [label, actionId] of partnerButtons)
    it(`${label} with A's partner id is refused as not found`, async () => {
      await refused(fromB(actionId, String(alpha.partnerId)), notFound);
      expect(t.slack.calls('views.open').filter((c) => JSON.stringify(c.params).includes('Zanzibar'))).toEqual([]);
    });

  it("Fill in missing values naming A's partner is refused as not found", async () => {
    const value = encodeFillTarget({
      templateId: 'recruitment/email-sequence',
      partnerId: alpha.partnerId,
      channelId: B_CHANNEL,
    });
    await refused(fromB(IDS.templateAnswersOpen, value), notFound);
  });

  for (const actionId of [IDS.reminderDone, IDS.reminderSnoozeDay, IDS.reminderSnoozeWeek])
    it(`${actionId} with A's reminder key is refused, and A's own click still counts`, async () => {
      await refused(fromB(actionId, alpha.reminderKey), notFound);
    });

  for (const actionId of [IDS.runNext, IDS.runSkip, IDS.runBack, IDS.runPause, IDS.runTemplate])
    it(`${actionId} with A's run and step is refused as not found`, async () => {
      await refused(fromB(actionId, alpha.stepRef), notFound);
    });

  it("a recommended playbook naming A's partner is refused as not found", async () => {
    await refused(fromB(`${IDS.runStart}.0`, `onboard:${alpha.partnerId}`), notFound);
  });

  it("A's own people still act on A's reminder afterwards", async () => {
    const res = await a.send.blockAction({
      actionId: IDS.reminderDone,
      value: alpha.reminderKey,
      user: 'U0ANNA',
      channel: A_CHANNEL,
    });
    expect(res.status).toBe(200);
    await until(async () => await alphaMilestoneDone());
    // The reminder is edited in place to say who handled it, with A's token.
    const edit = await until(() =>
      t.slack
        .calls('chat.update')
        .find((c) => c.params.channel === A_CHANNEL && JSON.stringify(c.params).includes('U0ANNA')),
    );
    expect(edit.token).toBe(a.token);
  });
});

async function alphaMilestoneDone(): Promise<boolean> {
  const [m] = await rows<{ status: string }>(
    t.storeOf('T0ALPHA'),
    `SELECT status FROM milestones WHERE partner_id = ${alpha.partnerId}`,
  );
  return m?.status === 'done';
}

describe("forms from workspace B naming A's partner", () => {
  const formError = (said: string) => /No partner called “#\d+”/.test(said);

  it("Update partner with A's partner id in private_metadata changes nothing", async () => {
    await refused(
      () =>
        b.send.viewSubmission(
          {
            callback_id: IDS.partnerEditView,
            private_metadata: JSON.stringify({ partnerId: alpha.partnerId }),
            state: inputValues({
              [`${IDS.editBlock.tier}.${IDS.input}`]: { type: 'static_select', selected_option: { value: 'Bronze' } },
              [`${IDS.editBlock.note}.${IDS.input}`]: 'planted by beta',
            }),
          },
          'U0BORIS',
        ),
      formError,
    );
  });

  it("Fill a template for A's partner uploads nothing", async () => {
    const uploads = t.slack.uploads().length;
    await refused(
      () =>
        b.send.viewSubmission(
          {
            callback_id: IDS.templateFillView,
            private_metadata: JSON.stringify({ partnerId: alpha.partnerId, channelId: B_CHANNEL }),
            state: inputValues({
              [`${IDS.fillBlock.template}.${IDS.input}`]: {
                type: 'static_select',
                selected_option: { value: 'recruitment/email-sequence' },
              },
            }),
          },
          'U0BORIS',
        ),
      formError,
    );
    expect(t.slack.uploads()).toHaveLength(uploads);
  });

  it("Fill in values for A's partner saves no answer", async () => {
    await refused(
      () =>
        b.send.viewSubmission(
          {
            callback_id: IDS.templateAnswersView,
            private_metadata: encodeFillTarget({
              templateId: 'recruitment/email-sequence',
              partnerId: alpha.partnerId,
              channelId: B_CHANNEL,
            }),
            state: inputValues({ [`${IDS.answerBlock}partner_contact_name.${IDS.input}`]: 'Mallory' }),
          },
          'U0BORIS',
        ),
      formError,
    );
  });

  it("Start a playbook for A's partner starts no run", async () => {
    await refused(
      () =>
        b.send.viewSubmission(
          {
            callback_id: IDS.runStartView,
            private_metadata: JSON.stringify({ partnerId: alpha.partnerId }),
            state: inputValues({
              [`${IDS.startBlock.playbook}.${IDS.input}`]: {
                type: 'static_select',
                selected_option: { value: 'onboard' },
              },
            }),
          },
          'U0BORIS',
        ),
      formError,
    );
  });
});

describe("messages from workspace B in A's run thread", () => {
  it("are not taken as answers to A's coach", async () => {
    const before = await alphaRows();
    const m = mark(t);
    for (const channel of [A_CHANNEL, B_CHANNEL]) {
      await b.send.event({
        type: 'message',
        channel,
        channel_type: 'channel',
        user: 'U0BORIS',
        text: 'mallory@evil.example',
        ts: `${Math.floor(Date.now() / 1000)}.000${channel === A_CHANNEL ? 1 : 2}00`,
        thread_ts: alpha.rootTs,
      });
    }
    await b.send.command('help', { user_id: 'U0BORIS' });
    expect(await alphaRows()).toBe(before);
    expect(callsIn(t, A_CHANNEL, m.calls)).toEqual([]);
    expect(saidSince(t, m)).not.toContain('Zanzibar');
  });
});
