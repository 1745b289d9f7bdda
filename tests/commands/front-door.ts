/**
 * What the `/partner` front-door tests read back: the ack body as an ephemeral Block Kit reply, the text
 * objects of any message, every string anywhere in a payload, everything partner memory holds, and a
 * factory for partner rows (for bulk set-up such as paging, where 55 signed commands would say nothing more).
 */
import { expect } from 'vitest';
import type { Store } from '../../src/store';
import type { NewPartnerRow, PartnerRow } from '../../src/store/partners';
import type { RecordedCall } from '../support/fake-slack';
import type { SlackHttpResponse } from '../support/signed-requests';
import { TEST_IDS } from '../support/slack-ids';
import type { TestApp } from '../support/test-app';
import { until } from '../support/until';
import { rows } from '../support/sql';

export interface SlackMessage {
  /** The plain-text fallback. */
  text: string;
  blocks: unknown[];
  /** Every text object in the blocks, in order: section texts and fields, context elements, headers, button labels. */
  texts: string[];
  /** The fallback and every text object, one per line: all a reader can see. */
  all: string;
}

/** Text as it must appear in mrkdwn: `&`, `<` and `>` escaped, as Slack requires. */
export const mrkdwn = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `text` of every text object (`{type: 'mrkdwn' | 'plain_text', text}`), wherever it sits in the blocks. */
export function textObjectsOf(blocks: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (!isRecord(v)) return;
    if ((v.type === 'mrkdwn' || v.type === 'plain_text') && typeof v.text === 'string') {
      out.push(v.text);
      return;
    }
    Object.values(v).forEach(walk);
  };
  walk(blocks);
  return out;
}

/** Every string value in a JSON-like value, however deep (keys excluded). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (isRecord(value)) return Object.values(value).flatMap(stringsIn);
  return [];
}

/** Labels and action ids of every button in the blocks. */
export function buttonsIn(blocks: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (!isRecord(v)) return;
    if (v.type === 'button') out.push(...stringsIn(v.text), String(v.action_id ?? ''), String(v.value ?? ''));
    Object.values(v).forEach(walk);
  };
  walk(blocks);
  return out;
}

/** A Block Kit message body (chat.postMessage params, a response_url post): fails unless it has blocks and a fallback. */
export function messageOf(body: unknown): SlackMessage {
  if (!isRecord(body)) throw new Error(`not a message body: ${JSON.stringify(body)}`);
  const { text, blocks } = body;
  if (typeof text !== 'string' || text.trim() === '')
    throw new Error(`no plain-text fallback in ${JSON.stringify(body)}`);
  if (!Array.isArray(blocks) || blocks.length === 0) throw new Error(`no blocks in ${JSON.stringify(body)}`);
  const texts = textObjectsOf(blocks);
  return { text, blocks, texts, all: [text, ...texts].join('\n') };
}

/** The ack body of a command: HTTP 200, `response_type: 'ephemeral'`, blocks and a non-empty plain `text`. */
export function ephemeralReply(res: SlackHttpResponse): SlackMessage {
  expect(res.status).toBe(200);
  expect(res.json?.response_type).toBe('ephemeral');
  return messageOf(res.json);
}

/** Everything partner memory holds, as one comparable string: a refused command must leave it unchanged. */
export async function memoryOf(store: Store): Promise<string> {
  const tables = ['partners', 'health_events', 'notes', 'milestones', 'audit_log'] as const;
  const all: Record<string, unknown[]> = {};
  for (const table of tables) all[table] = await rows(store, `SELECT * FROM ${table} ORDER BY id`);
  return JSON.stringify(all);
}

/** The stored row for a name; fails the test when there is none. */
export async function partnerRow(store: Store, name: string): Promise<PartnerRow> {
  const row = await store.partners.findByName(name);
  if (!row) throw new Error(`no partner stored as ${JSON.stringify(name)}`);
  return row;
}

let made = 0;

/** A partner row straight into the store (no audit row, no notice), valid defaults unless stated. */
export async function makePartner(store: Store, fields: Partial<NewPartnerRow> = {}): Promise<PartnerRow> {
  made += 1;
  const id = await store.partners.insert({
    name: `Made Partner ${made}`,
    type: null,
    tier: 'Bronze',
    stage: 'prospect',
    owner_user_id: TEST_IDS.alice,
    channel_id: null,
    vertical: null,
    created_by: TEST_IDS.alice,
    at: new Date().toISOString(),
    ...fields,
  });
  const row = await store.partners.findById(id);
  if (!row) throw new Error(`partner ${id} was not stored`);
  return row;
}

/** A partner with a channel whose notices mark a point in time (see noticesSoFar). */
export const SYNC_PARTNER = { name: 'Sync Marker', channel: 'C0SYNC' } as const;

export async function addSyncPartner(t: TestApp): Promise<void> {
  await t.send.command(`add "${SYNC_PARTNER.name}" channel=<#${SYNC_PARTNER.channel}|sync>`);
  await until(() => t.slack.calls('chat.postMessage').some((c) => c.params.channel === SYNC_PARTNER.channel));
}

/**
 * The change notices posted so far (the sync partner's own excluded). Bolt acks before the listener posts,
 * so "nothing was posted" needs a point in time: a change sent now is posted after anything an earlier
 * command would have posted.
 */
export async function noticesSoFar(t: TestApp): Promise<RecordedCall[]> {
  const syncPosts = () =>
    t.slack.calls('chat.postMessage').filter((c) => c.params.channel === SYNC_PARTNER.channel).length;
  const before = syncPosts();
  await t.send.command(`note "${SYNC_PARTNER.name}" sync`);
  await until(() => syncPosts() > before, { message: 'the sync notice' });
  return t.slack.calls('chat.postMessage').filter((c) => c.params.channel !== SYNC_PARTNER.channel);
}
