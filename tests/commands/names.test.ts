/**
 * Forgiving names through the real app: a partner is found by its exact name first, then by a unique
 * prefix or whole words of its name; several fits are all named and nothing changes; archiving by a
 * name that only fits asks to confirm with a button.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { IDS } from '../../src/slack/ids';
import { inputValues } from '../support/slack-payloads';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { buttonsIn, ephemeralReply, memoryOf, messageOf, partnerRow, type SlackMessage } from './front-door';

const ACME = 'C0ACME';
const GLOBEX = 'C0GLOBEX';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock('2026-11-24T15:00:00Z') });
  for (const add of [
    `add "Acme Corp" tier=Silver channel=<#${ACME}|partner-acme>`,
    `add "Globex" channel=<#${GLOBEX}|partner-globex>`,
    'add "Helix Labs Group"',
    'add "Helix Systems"',
    'add "Société Générale"',
    'add "Initech"',
    'add "Initech Labs"',
  ])
    expect(ephemeralReply(await t.send.command(add)).text).toContain('added');
  await until(() => t.slack.calls('chat.postMessage').length === 2);
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(() => t.slack.reset());

const partner = async (text: string): Promise<SlackMessage> => ephemeralReply(await t.send.command(text));

/** A command that must change nothing: partner memory is the same before and after. */
async function refused(text: string): Promise<SlackMessage> {
  const before = await memoryOf(t.store);
  const reply = await partner(text);
  expect(await memoryOf(t.store), `${text} changed partner memory`).toBe(before);
  expect(reply.all).toContain(':warning:');
  return reply;
}

const lastNote = async (name: string) => (await t.store.notes.recent((await partnerRow(t.store, name)).id, 1))[0]?.text;

describe('a partner named by part of its name', () => {
  it.each([
    ['acme', 'Acme Corp'],
    ['ACME corp', 'Acme Corp'],
    ['glob', 'Globex'],
    ['group', 'Helix Labs Group'],
    ['helix labs', 'Helix Labs Group'],
    ['societe', 'Société Générale'],
    ['générale', 'Société Générale'],
  ])('`show %s` shows %s when it is the only one that fits', async (typed, name) => {
    const reply = await partner(`show ${typed}`);
    expect(reply.texts[0]).toBe(`⚪ *${name}*`);
  });

  it('needs whole words or three letters: `show gl` is no partner', async () => {
    const reply = await refused('show gl');
    expect(reply.text).toContain('No partner called “gl”');
  });

  it('names every partner that fits and changes nothing when several do', async () => {
    const reply = await refused('tier helix Gold');
    expect(reply.texts[0]).toBe(
      ':warning: “helix” fits 2 partners: “Helix Labs Group” and “Helix Systems”.\nType more of the name, or the whole name in quotes, e.g. `"Helix Labs Group"`.',
    );
    expect((await refused('show in')).all).toContain('No partner called “in”'); // too short for a prefix
  });

  it('changes the one partner that fits, and announces it under its full name', async () => {
    const reply = await partner('tier acme Gold');
    expect(reply.texts[0]).toBe('✅ *Acme Corp*: tier set to Gold (was Silver)');
    expect((await partnerRow(t.store, 'Acme Corp')).tier).toBe('Gold');
    const notice = await until(() => t.slack.calls('chat.postMessage').find((c) => c.params.channel === ACME));
    expect(messageOf(notice.params).texts[0]).toBe('📝 *Acme Corp*: tier set to Gold (was Silver) by <@U0ALICE>');
  });

  it('prefers an exact name to any partner it is the start of', async () => {
    expect((await partner('show initech')).texts[0]).toBe('⚪ *Initech*');
    await partner('note Initech Labs renewal signed');
    expect(await lastNote('Initech Labs')).toBe('renewal signed');
    await partner('note Initech laboratory visit planned');
    expect(await lastNote('Initech')).toBe('laboratory visit planned');
  });
});

describe('where an unquoted name ends', () => {
  it('reads the note after the words that fit: `note Acme met the VP`', async () => {
    await partner('note Acme met the VP');
    expect(await lastNote('Acme Corp')).toBe('met the VP');
  });

  it('takes as many words of the name as were typed: `note Helix Labs call went well`', async () => {
    await partner('note Helix Labs call went well');
    expect(await lastNote('Helix Labs Group')).toBe('call went well');
  });

  it('keeps a note that starts with another partner’s name as the note', async () => {
    await partner('note Acme Globex joint deal');
    expect(await lastNote('Acme Corp')).toBe('Globex joint deal');
  });

  it('asks for quotes when the name could end mid-word or before it: `note Acme c level dinner`', async () => {
    const reply = await refused('note Acme c level dinner');
    expect(reply.texts[0]).toBe(
      ':warning: I cannot tell where the partner’s name ends: “Acme c” or “Acme”.\nPut the name in quotes and the rest after it, e.g. `"Acme Corp"`.',
    );
  });

  it('reads a mistyped second word as a mistyped name, not as the note: `note Acme Crop met the VP`', async () => {
    const reply = await refused('note Acme Crop met the VP');
    expect(reply.texts[0]).toBe(':warning: No partner called “Acme Crop”.\nDid you mean “Acme Corp”?');
  });
});

describe('archive with a name that only fits', () => {
  const archived = async (name: string) => (await partnerRow(t.store, name)).archived_at !== null;

  it('asks to confirm with a button that says what archiving does, and archives nothing yet', async () => {
    const before = await memoryOf(t.store);
    const reply = await partner('archive glob');
    expect(await memoryOf(t.store)).toBe(before);
    expect(reply.all).toContain('Archive *Globex*? “glob” is not its exact name');
    expect(reply.all).toContain('hides it from lists and App Home, stops its reminders');
    expect(buttonsIn(reply.blocks)).toEqual(
      expect.arrayContaining(['Archive Globex', IDS.partnerArchive, String((await partnerRow(t.store, 'Globex')).id)]),
    );
  });

  it('archives exactly that partner once: a double click and a late click change nothing more', async () => {
    const id = String((await partnerRow(t.store, 'Globex')).id);
    await partner('archive glob');
    await t.send.blockAction({ actionId: IDS.partnerArchive, value: id });
    const done = await until(() => t.slack.responses()[0]);
    expect(done.body).toMatchObject({ replace_original: true });
    expect(messageOf(done.body).texts[0]).toBe('✅ *Globex*: archived');
    expect(await archived('Globex')).toBe(true);
    const notice = await until(() => t.slack.calls('chat.postMessage').find((c) => c.params.channel === GLOBEX));
    expect(messageOf(notice.params).texts[0]).toBe('📝 *Globex*: archived by <@U0ALICE>');

    await t.send.blockAction({ actionId: IDS.partnerArchive, value: id });
    const again = await until(() => t.slack.responses()[1]);
    expect(messageOf(again.body).texts[0]).toBe('*Globex* is already archived — nothing changed.');
    expect(
      (await t.store.audit.forPartner(Number(id), 10)).filter((a) => a.action === 'partner.archived'),
    ).toHaveLength(1);
    expect(t.slack.calls('chat.postMessage').filter((c) => c.params.channel === GLOBEX)).toHaveLength(1);
    // Archived partners are not fitted by part of their name any more; the exact name still finds them.
    expect((await refused('archive glob')).text).toContain('No partner called “glob”');
    expect((await partner('show Globex')).texts[0]).toBe('⚪ *Globex*  _(archived 2026-11-24)_');
  });

  it('a confirmation clicked after the partner was archived by its exact name changes nothing', async () => {
    await partner('archive initech l');
    const id = String((await partnerRow(t.store, 'Initech Labs')).id);
    expect((await partner('archive "Initech Labs"')).texts[0]).toBe('✅ *Initech Labs*: archived');
    await t.send.blockAction({ actionId: IDS.partnerArchive, value: id });
    const stale = await until(() => t.slack.responses()[0]);
    expect(messageOf(stale.body).texts[0]).toBe('*Initech Labs* is already archived — nothing changed.');
    expect(
      (await t.store.audit.forPartner(Number(id), 10)).filter((a) => a.action === 'partner.archived'),
    ).toHaveLength(1);
  });
});

describe('every other place a partner is named', () => {
  it('`template <id> acme` fills the document for Acme Corp', async () => {
    await partner('template recruitment/email-sequence acme');
    const upload = await until(() => t.slack.uploads().find((u) => u.completed));
    expect(upload.filename).toBe('Recruitment Email Sequence — Acme Corp v1.md');
  });

  it('`reminders acme` and `runs acme` answer for Acme Corp; `reminders helix` names both Helix partners', async () => {
    for (const reply of [await partner('reminders acme'), await partner('runs acme')]) {
      expect(reply.all).toContain('Acme Corp');
      expect(reply.all).not.toContain(':warning:');
    }
    expect((await refused('reminders helix')).all).toContain('“Helix Labs Group” and “Helix Systems”');
  });

  it('`qbr acme` starts the QBR playbook for Acme Corp in its channel', async () => {
    await partner('qbr acme');
    const root = await until(() =>
      t.slack.calls('chat.postMessage').find((c) => c.params.channel === ACME && !c.params.thread_ts),
    );
    expect(JSON.stringify(root.params)).toContain('Acme Corp');
  });

  it('the Start a playbook form takes a typed part of a name, and names every fit when it is ambiguous', async () => {
    const submit = (name: string) =>
      t.send.viewSubmission({
        callback_id: IDS.runStartView,
        private_metadata: '{}',
        blocks: [{ block_id: IDS.startBlock.playbook }, { block_id: IDS.startBlock.partner }],
        state: inputValues({
          [`${IDS.startBlock.playbook}.${IDS.input}`]: { type: 'static_select', selected_option: { value: 'onboard' } },
          [`${IDS.startBlock.partner}.${IDS.input}`]: name,
        }),
      });
    const ambiguous = await submit('helix');
    expect(ambiguous.json).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(ambiguous.json)).toContain('Helix Labs Group');
    expect(JSON.stringify(ambiguous.json)).toContain('Helix Systems');
    expect((await submit('societe')).status).toBe(200);
    const root = await until(() => t.slack.calls('chat.postMessage').find((c) => !c.params.thread_ts));
    expect(JSON.stringify(root.params)).toContain('Société Générale');
  });
});

describe('two processes on one database', () => {
  it('finds a partner added through one at once through the other, by part of its name or a typo', async () => {
    const a = await startTestApp();
    const b = await startTestApp({ dbPath: a.dbPath, slack: a.slack });
    try {
      // b has already answered about these names: nothing it might keep may hide the new partner.
      expect(ephemeralReply(await b.send.command('show umbrella')).text).toContain('No partner called “umbrella”');
      expect(ephemeralReply(await a.send.command('add "Umbrella Corporation"')).text).toContain('added');
      expect(ephemeralReply(await b.send.command('show umbrella')).texts[0]).toBe('⚪ *Umbrella Corporation*');
      expect(ephemeralReply(await b.send.command('show "Umbrela Corporation"')).text).toContain(
        'Did you mean “Umbrella Corporation”?',
      );
    } finally {
      await b.stop();
      await a.stop();
    }
  });
});
