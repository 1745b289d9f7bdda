/** What the reminder front-door tests read back from the fake Slack, and how they set partners up. */
import { expect } from 'vitest';
import type { RecordedCall, StoredMessage } from '../support/fake-slack';
import type { TestApp } from '../support/test-app';
import { until } from '../support/until';
import { textObjectsOf, buttonsIn } from '../commands/front-door';

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The occurrence key a post carries in its metadata, if it is a reminder. */
export function keyOf(m: { metadata?: unknown } | { params: Record<string, unknown> }): string | undefined {
  const meta = 'params' in m ? m.params.metadata : m.metadata;
  if (!isRecord(meta) || meta.event_type !== 'partneros_reminder' || !isRecord(meta.event_payload)) return undefined;
  const key = meta.event_payload.occurrence_key;
  return typeof key === 'string' ? key : undefined;
}

/** Successful chat.postMessage calls that are reminders (optionally in one channel). */
export function reminderPosts(t: TestApp, channel?: string): RecordedCall[] {
  return t.slack
    .calls('chat.postMessage')
    .filter(
      (c) =>
        c.status === 200 &&
        isRecord(c.response) &&
        c.response.ok === true &&
        keyOf(c) !== undefined &&
        (channel === undefined || c.params.channel === channel),
    );
}

/** Reminder messages as the channel holds them (what a person would see), by key. */
export function storedReminders(t: TestApp, channel: string): StoredMessage[] {
  return t.slack.messages(channel).filter((m) => keyOf(m) !== undefined);
}

/** Every key posted, with how many times: exactly-once means every count is 1. */
export function postedCounts(t: TestApp): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of reminderPosts(t)) {
    const key = keyOf(c) ?? '';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export const textOf = (call: RecordedCall): string =>
  [String(call.params.text ?? ''), ...textObjectsOf(call.params.blocks)].join('\n');
export const buttonsOf = (call: RecordedCall): string[] => buttonsIn(call.params.blocks);

/** `/partner <text>` must succeed (its ack names no problem). */
export async function partner(t: TestApp, text: string, user = 'U0ALICE'): Promise<string> {
  const res = await t.send.command(text, { user_id: user });
  expect(res.status).toBe(200);
  return [String(res.json?.text ?? ''), ...textObjectsOf(res.json?.blocks)].join('\n');
}

/** Adds a partner with a channel (owner: the one who adds it) through the front door. */
export async function addPartner(t: TestApp, name: string, channel: string | null, extra = ''): Promise<number> {
  const reply = await partner(
    t,
    `add "${name}"${channel ? ` channel=<#${channel}|${channel.toLowerCase()}>` : ''} ${extra}`.trim(),
  );
  expect(reply).toContain('added');
  if (channel) await noticesIn(t, channel, 1);
  const row = await t.store.partners.findByName(name);
  if (!row) throw new Error(`${name} was not added`);
  return row.id;
}

/** Change notices are posted after the ack: wait until `channel` has had `count` of them in all. */
export async function noticesIn(t: TestApp, channel: string, count: number): Promise<void> {
  await until(
    () =>
      t.slack.calls('chat.postMessage').filter((c) => c.params.channel === channel && keyOf(c) === undefined).length >=
      count,
    { message: `${count} notice(s) in ${channel}` },
  );
}

export const deliveryRow = async (t: TestApp, key: string) => await t.store.deliveries.byKey(key);
