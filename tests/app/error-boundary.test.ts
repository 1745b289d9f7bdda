/**
 * One error boundary: whatever breaks inside a listener, the person is answered where they are, and the
 * log has the full error under the same short ref. Faults are real: a table of the app's own SQLite file
 * renamed away by a second connection (what a bad restore or a hand-edited schema does) makes the app's
 * next statement on it fail with `no such table`; Slack refusing a call is the fake Slack's own fault.
 */
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDS } from '../../src/slack/ids';
import { openStore } from '../support/open-store';
import { onPostgres } from '../support/database';
import { ThreadDriver, textOf } from '../playbooks/thread-driver';
import { inputValues } from '../support/slack-payloads';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { ephemeralReply, messageOf, partnerRow } from '../commands/front-door';
import { one } from '../support/sql';

const ACME_CHANNEL = 'C0PARTNER_ACME';
const REF = /Something went wrong on our side \(ref `?([0-9a-f]{6})`?\)/;

let t: TestApp;
let logs: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

beforeAll(async () => {
  t = await startTestApp({ logTo: sink });
  await t.send.command(`add "Acme Corp" tier=Gold channel=<#${ACME_CHANNEL}|partner-acme>`);
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(() => {
  t.slack.reset();
  logs = [];
});

/** Renames a table away for the length of `fn`, through a second connection to the app's database file. */
async function withoutTable<T>(table: string, fn: () => Promise<T>): Promise<T> {
  // Through a connection of the test's own, as an operator's mistake would be made.
  const other = await openStore(t.dbPath, { now: () => new Date().toISOString() });
  await sql.raw(`ALTER TABLE ${table} RENAME TO ${table}_gone`).execute(other.db);
  try {
    return await fn();
  } finally {
    await sql.raw(`ALTER TABLE ${table}_gone RENAME TO ${table}`).execute(other.db);
    await other.close();
  }
}

/** What each engine says about a table that is not there. */
const NO_SUCH_TABLE = (table: string) =>
  onPostgres ? `relation "${table}" does not exist` : `no such table: ${table}`;

/** The ref shown to the person; the log line with that ref must hold the whole error. */
function refIn(text: string): string {
  const ref = REF.exec(text)?.[1];
  expect(ref, text).toBeDefined();
  expect(text).not.toMatch(/no such table|does not exist|SqliteError|\bat /);
  return ref ?? '';
}

function loggedWith(ref: string): Record<string, unknown> & { err: { message: string; stack: string } } {
  const line = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.ref === ref);
  expect(line, `a log line with ref ${ref}`).toBeDefined();
  const entry = line as Record<string, unknown> & { err: { message: string; stack: string } };
  expect(entry.level).toBe(50);
  expect(entry.err.stack).toContain('\n    at ');
  return entry;
}

describe('a command', () => {
  it('answers a fault in the ack body with a ref, and logs the whole error under that ref', async () => {
    const res = await withoutTable('notes', () => t.send.command('show "Acme Corp"'));
    expect(res.status).toBe(200);
    const reply = ephemeralReply(res);
    const logged = loggedWith(refIn(reply.all));
    expect(logged).toMatchObject({ kind: 'command', sub: 'show', user: 'U0ALICE', outcome: 'internal_error' });
    expect(logged.err.message).toContain(NO_SUCH_TABLE('notes'));
  });

  it('still answers a refusal with its message and fix, and no ref', async () => {
    const reply = ephemeralReply(await t.send.command('show "Acme Crop"'));
    expect(reply.all).toContain('No partner called “Acme Crop”.');
    expect(reply.all).toContain('Did you mean “Acme Corp”?');
    expect(reply.all).not.toMatch(REF);
  });

  it('answers a fault after the ack as an ephemeral follow-up', async () => {
    const response = await withoutTable('documents', async () => {
      const res = await t.send.command('template recruitment/email-sequence "Acme Corp"');
      expect(ephemeralReply(res).all).toContain('Filling');
      return until(() => t.slack.responses().find((r) => REF.test(JSON.stringify(r.body))));
    });
    expect(response.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const logged = loggedWith(refIn(messageOf(response.body).all));
    expect(logged.err.message).toContain(NO_SUCH_TABLE('documents'));
  });
});

describe('a button', () => {
  it('answers a fault ephemerally under the message it is on', async () => {
    const id = (await partnerRow(t.store, 'Acme Corp')).id;
    const response = await withoutTable('notes', async () => {
      await t.send.blockAction({ actionId: IDS.reminderOpen, value: String(id), channel: ACME_CHANNEL });
      return until(() => t.slack.responses()[0]);
    });
    expect(response.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const logged = loggedWith(refIn(messageOf(response.body).all));
    expect(logged).toMatchObject({ kind: 'action', action: IDS.reminderOpen });
  });

  it('on the Home tab (no message to answer under) answers in the person’s DM with the app', async () => {
    t.slack.failNext('views.open', 'expired_trigger_id');
    await t.send.blockAction({ actionId: IDS.partnerAddOpen, view: { id: 'V0HOME', type: 'home' } });
    const dm = await until(() => t.slack.calls('chat.postMessage').find((c) => c.params.channel === 'U0ALICE'));
    const logged = loggedWith(refIn(messageOf(dm.params).all));
    expect(logged).toMatchObject({ kind: 'action', action: IDS.partnerAddOpen });
  });
});

describe('a form', () => {
  it('shows a fault under its first field, keeps the form open and saves nothing', async () => {
    const res = await withoutTable('audit_log', () =>
      t.send.viewSubmission({
        callback_id: IDS.partnerAddView,
        state: inputValues({ [`${IDS.addBlock.name}.${IDS.input}`]: 'Formfault Inc' }),
      }),
    );
    expect(res.status).toBe(200);
    const errors = (res.json as { response_action: string; errors: Record<string, string> }).errors;
    expect(res.json).toMatchObject({ response_action: 'errors' });
    expect(Object.keys(errors)).toEqual([IDS.addBlock.name]);
    expect(errors[IDS.addBlock.name]?.length).toBeLessThanOrEqual(150);
    loggedWith(refIn(errors[IDS.addBlock.name] ?? ''));
    expect(await t.store.partners.findByName('Formfault Inc')).toBeUndefined();
  });
});

describe('the Fill in missing values form', () => {
  it('shows a fault while saving the answers under its first input, keeps the form open and makes no new version', async () => {
    await t.send.command('template legal/mutual-nda "Acme Corp"');
    const summary = await until(() =>
      t.slack.responses().find((r) => JSON.stringify(r.body).includes(IDS.templateAnswersOpen)),
    );
    const value = (messageOf(summary.body).blocks as { elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === IDS.templateAnswersOpen)?.value;
    await t.send.blockAction({ actionId: IDS.templateAnswersOpen, value, channel: ACME_CHANNEL });
    const opened = await until(() => t.slack.calls('views.open')[0]);
    const view = opened.params.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    const versions = async () =>
      (await one(t.store, "SELECT count(*) AS n FROM documents WHERE template_id = 'legal/mutual-nda'")) as {
        n: number;
      };
    const before = (await versions()).n;
    const res = await withoutTable('partner_answers', () =>
      t.send.viewSubmission({
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        blocks: view.blocks,
        state: inputValues({ [`${IDS.answerBlock}governing_law.${IDS.input}`]: 'Delaware' }),
      }),
    );
    const first = (view.blocks as { type: string; block_id?: string }[]).find((b) => b.type === 'input')?.block_id;
    const errors = (res.json as { response_action: string; errors: Record<string, string> }).errors;
    expect(res.json).toMatchObject({ response_action: 'errors' });
    expect(Object.keys(errors)).toEqual([first]);
    const logged = loggedWith(refIn(errors[first ?? ''] ?? ''));
    expect(logged).toMatchObject({ kind: 'view', view: IDS.templateAnswersView, user: 'U0ALICE' });
    expect(logged.err.message).toContain(NO_SUCH_TABLE('partner_answers'));
    expect((await versions()).n).toBe(before);
    expect(await one(t.store, 'SELECT count(*) AS n FROM partner_answers')).toEqual({ n: 0 });
  });
});

describe('a reply in a run thread', () => {
  it('is answered in the thread', async () => {
    const d = new ThreadDriver(t, ACME_CHANNEL);
    await t.send.command('recruit "Acme Corp"');
    const root = await d.root('Recruit');
    await d.step(root.ts, 1);
    const answer = await withoutTable('notes', () => d.reply(root.ts, 'Mid-market SaaS companies in EMEA'));
    expect(answer.thread_ts).toBe(root.ts);
    // In a run thread only the coach's pending questions may contain `?`.
    expect(textOf(answer)).not.toContain('?');
    const logged = loggedWith(refIn(textOf(answer)));
    expect(logged).toMatchObject({ kind: 'event', event: 'message.thread', user: 'U0ALICE' });
  });
});

describe('App Home', () => {
  it('shows a Home tab that says it could not be loaded, with the ref', async () => {
    const call = await withoutTable('playbook_runs', async () => {
      await t.send.event({
        type: 'app_home_opened',
        user: 'U0ALICE',
        channel: 'D0ALICE',
        tab: 'home',
        event_ts: '1.1',
      });
      return until(() => t.slack.calls('views.publish')[0]);
    });
    expect(call.params.user_id).toBe('U0ALICE');
    const view = call.params.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    const shown = messageOf({ text: 'Home tab', blocks: view.blocks }).all;
    expect(shown).toContain('Your Home tab could not be loaded.');
    const logged = loggedWith(refIn(shown));
    expect(logged).toMatchObject({ kind: 'event', event: 'app_home_opened' });
  });
});
