/**
 * Drives a playbook thread the way a person in Slack does: reads the step messages the app posted
 * on the fake Slack, types replies into the thread (signed message events), presses the buttons
 * (signed block_actions carrying the button's own value).
 */
import type { PlaybookField } from '../../src/domain/playbooks/schema';
import { textObjectsOf } from '../commands/front-door';
import type { StoredMessage } from '../support/fake-slack';
import type { TestApp } from '../support/test-app';
import { until } from '../support/until';

interface Block {
  type: string;
  text?: { text?: string };
  elements?: { action_id?: string; value?: string; text?: { text?: string } | string }[];
}

export const blocksOf = (m: StoredMessage): Block[] => (Array.isArray(m.blocks) ? (m.blocks as Block[]) : []);
export const headerOf = (m: StoredMessage): string => blocksOf(m).find((b) => b.type === 'header')?.text?.text ?? '';
/** Every visible text of a message: its fallback text and every text object in its blocks, one string. */
export const textOf = (m: StoredMessage): string => [m.text, ...textObjectsOf(m.blocks)].join('\n');

export function buttons(m: StoredMessage): { actionId: string; value: string; label: string }[] {
  return blocksOf(m)
    .filter((b) => b.type === 'actions')
    .flatMap((b) =>
      (b.elements ?? []).map((e) => ({
        actionId: e.action_id ?? '',
        value: e.value ?? '',
        label: typeof e.text === 'string' ? e.text : (e.text?.text ?? ''),
      })),
    );
}

let seq = 0;
const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(900000 + (seq++ % 99999)).padStart(6, '0')}`;

/** A typical answer for a field, by its type. */
export function answerFor(field: PlaybookField): string {
  switch (field.type) {
    case 'number':
      // 42, or the nearest figure the field accepts (an uptime target starts at 90).
      return String(Math.min(Math.max(42, field.min ?? 42), field.max ?? 42));
    case 'date':
      return '2026-12-15';
    case 'url':
      return 'portal.acme.example';
    case 'email':
      return '<mailto:dana@acme.example|dana@acme.example>';
    case 'user':
      return '<@U0BOB>';
    case 'choice':
      return field.choices?.[0] ?? '';
    case 'text':
      return `Value for ${field.id.replace(/_/g, ' ')}`;
  }
}

export class ThreadDriver {
  constructor(
    readonly t: TestApp,
    readonly channel: string,
  ) {}

  /** The run's root: the top-level post whose header names the playbook. */
  async root(playbookName: string): Promise<StoredMessage> {
    return until(
      () => this.t.slack.messages(this.channel).find((m) => !m.thread_ts && headerOf(m).startsWith(playbookName)),
      { message: `the ${playbookName} root post in ${this.channel}` },
    );
  }

  thread(rootTs: string): StoredMessage[] {
    return this.t.slack.messages(this.channel).filter((m) => m.thread_ts === rootTs && m.ts !== rootTs);
  }

  /** The step message currently showing `Step n of …` with live buttons. */
  async step(rootTs: string, n: number): Promise<StoredMessage> {
    return until(
      () =>
        this.thread(rootTs).find(
          (m) => headerOf(m).startsWith(`Step ${n} of`) && buttons(m).some((b) => b.label === 'Next step'),
        ),
      { message: () => `step ${n} with buttons; thread headers: ${this.thread(rootTs).map(headerOf).join(' | ')}` },
    );
  }

  /** Types a reply in the thread; resolves once the coach has answered it (a new message by the bot). */
  async reply(
    rootTs: string,
    text: string,
    options: { user?: string; eventId?: string; ts?: string } = {},
  ): Promise<StoredMessage> {
    const before = this.thread(rootTs).length;
    const ts = options.ts ?? nextTs();
    await this.t.send.event(
      {
        type: 'message',
        channel: this.channel,
        channel_type: 'channel',
        user: options.user ?? 'U0ALICE',
        text,
        ts,
        thread_ts: rootTs,
      },
      options.eventId ? { eventId: options.eventId } : {},
    );
    return until(
      () =>
        this.thread(rootTs)
          .slice(before)
          .find((m) => m.bot_id && !headerOf(m) && !m.text.includes('thinking')),
      { message: `the coach's answer to “${text}”` },
    );
  }

  /** The button as it is now on that message (the fake edits stored messages in place). */
  button(message: StoredMessage, label: string): { actionId: string; value: string; ts: string } {
    const button = buttons(message).find((b) => b.label === label);
    if (!button)
      throw new Error(
        `no “${label}” button on: ${headerOf(message)} (${buttons(message)
          .map((b) => b.label)
          .join(', ')})`,
      );
    return { ...button, ts: message.ts };
  }

  /** Presses a button: the one on the message now, or one read earlier (a replayed payload). */
  async press(message: StoredMessage | { actionId: string; value: string; ts: string }, label = '', user = 'U0ALICE') {
    const button = 'actionId' in message ? message : this.button(message, label);
    return this.t.send.blockAction({
      actionId: button.actionId,
      value: button.value,
      user,
      channel: this.channel,
      message: { type: 'message', ts: button.ts, text: '' },
    });
  }
}

/** Lines of a text that contain `?`. */
export const questionLines = (text: string): string[] => text.split('\n').filter((l) => l.includes('?'));
