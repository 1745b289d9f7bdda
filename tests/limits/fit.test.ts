import type { KnownBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { fitMessageBlocks, fitView, textLength } from '../../src/slack/blocks/fit';
import { LIMITS } from '../../src/slack/blocks/limits';
import { message } from '../../src/slack/blocks/text';
import { prng } from '../support/prng';
import { checkMessage, checkView } from '../support/slack-verdicts';

const x = (n: number, c = 'x'): string => c.repeat(n);
const plain = (text: string) => ({ type: 'plain_text' as const, text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });
const section = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(text) });
const actions: KnownBlock = {
  type: 'actions',
  elements: [{ type: 'button', action_id: 'go', text: plain('Go') }],
};

describe('fitting a message to Slack', () => {
  it('clips every text to the limit of the place it sits in', () => {
    const [head, body, fields, ctx, row] = fitMessageBlocks([
      { type: 'header', text: plain(x(200)) },
      section(x(3500)),
      { type: 'section', fields: [mrkdwn(x(2500)), ...Array.from({ length: 11 }, () => mrkdwn('f'))] },
      { type: 'context', elements: Array.from({ length: 12 }, () => mrkdwn('c')) },
      {
        type: 'actions',
        elements: Array.from({ length: 30 }, (_, i) => ({
          type: 'button' as const,
          action_id: `b${i}`,
          text: plain(x(100)),
        })),
      },
    ]);
    expect(JSON.stringify(head)).toContain(`"${x(LIMITS.headerText - 1)}…"`);
    expect(body).toMatchObject({ text: { text: `${x(LIMITS.sectionText - 1)}…` } });
    expect((fields as { fields: { text: string }[] }).fields).toHaveLength(LIMITS.fields);
    expect((fields as { fields: { text: string }[] }).fields[0]?.text).toHaveLength(LIMITS.fieldText);
    expect((ctx as { elements: unknown[] }).elements).toHaveLength(LIMITS.contextElements);
    expect((row as { elements: { text: { text: string } }[] }).elements).toHaveLength(LIMITS.actionsElements);
    expect((row as { elements: { text: { text: string } }[] }).elements[0]?.text.text).toHaveLength(LIMITS.buttonText);
  });

  it('drops empty texts, which Slack refuses, and blocks left with nothing to show', () => {
    const fitted = fitMessageBlocks([
      section(''),
      { type: 'context', elements: [mrkdwn(' '), mrkdwn('kept')] },
      { type: 'header', text: plain('') },
    ]);
    expect(fitted).toEqual([{ type: 'context', elements: [mrkdwn('kept')] }]);
  });

  it('cuts a message that is too long at a block boundary, says so, and keeps its closing buttons', () => {
    const fitted = fitMessageBlocks([...Array.from({ length: 8 }, (_, i) => section(`${i}${x(2000)}`)), actions]);
    expect(textLength(fitted)).toBeLessThanOrEqual(LIMITS.messageChars);
    expect(fitted.at(-1)).toEqual(actions);
    expect(JSON.stringify(fitted.at(-2))).toContain('cut here');
    expect(fitted.filter((b) => b.type === 'section')).toHaveLength(4);
    const many = fitMessageBlocks(Array.from({ length: 80 }, (_, i) => section(`line ${i}`)));
    expect(many).toHaveLength(LIMITS.blocksPerMessage);
  });

  it('leaves a message within the limits exactly as it was', () => {
    const blocks = [section('*Acme* · Gold'), { type: 'divider' } as KnownBlock, actions];
    expect(fitMessageBlocks(blocks)).toEqual(blocks);
  });

  it('whatever goes in, Slack takes what comes out (300 random oversized messages)', () => {
    const rng = prng(11);
    const pick = (n: number) => Math.floor(rng() * n);
    const text = () => x(pick(4000), ['a', '&', '🤝'][pick(3)] ?? 'a');
    const randomBlock = (): KnownBlock => {
      switch (pick(6)) {
        case 0:
          return { type: 'header', text: plain(text()) };
        case 1:
          return { type: 'section', fields: Array.from({ length: pick(14) + 1 }, () => mrkdwn(text())) };
        case 2:
          return { type: 'context', elements: Array.from({ length: pick(14) + 1 }, () => mrkdwn(text())) };
        case 3:
          return {
            type: 'actions',
            elements: Array.from({ length: pick(30) + 1 }, (_, i) => ({
              type: 'button' as const,
              action_id: `a${i}`,
              text: plain(text().slice(0, 200) || 'b'),
            })),
          };
        case 4:
          return { type: 'divider' };
        default:
          return section(text());
      }
    };
    for (let i = 0; i < 300; i += 1) {
      const body = message(text().slice(0, 5000) || 'fallback', Array.from({ length: pick(70) }, randomBlock));
      const verdict = checkMessage({ ...body });
      expect(verdict.error, verdict.messages.join('\n')).toBeUndefined();
    }
  });
});

describe('fitting a view to Slack', () => {
  const form = (over: Partial<ModalView> = {}): ModalView => ({
    type: 'modal',
    title: plain('A title far longer than twenty-four characters'),
    submit: plain('Save everything you typed'),
    close: plain('Cancel and forget it all'),
    blocks: [
      {
        type: 'input',
        label: plain('Template'),
        element: {
          type: 'static_select',
          action_id: 'pick',
          options: Array.from({ length: 130 }, (_, i) => ({ text: plain(`${i} ${x(100)}`), value: `v${i}` })),
          initial_option: { text: plain(`0 ${x(100)}`), value: 'v0' },
        },
      },
    ],
    ...over,
  });

  it('clips the title and buttons, cuts options to 100, and keeps the initial option among them', () => {
    const view = fitView(form());
    expect(view.title.text).toHaveLength(LIMITS.viewTitle);
    expect(view.submit?.text).toHaveLength(LIMITS.viewButton);
    expect(checkView(view, 'modal')).toMatchObject({ error: undefined });
  });

  it('never cuts an option value the app reads back: such an option is left out, and so is an initial option no longer offered', () => {
    const select = (initial: string) =>
      fitView(
        form({
          blocks: [
            {
              type: 'input',
              label: plain('Pick'),
              element: {
                type: 'static_select',
                action_id: 'pick',
                options: [
                  { text: plain('Too long'), value: x(LIMITS.optionValue + 1) },
                  ...Array.from({ length: 120 }, (_, i) => ({ text: plain(`${i}`), value: `v${i}` })),
                ],
                initial_option: { text: plain(initial), value: `v${initial}` },
              },
            },
          ],
        }),
      ).blocks[0] as { element: { options: { value: string }[]; initial_option?: unknown } };
    const kept = select('5').element;
    expect(kept.options.map((o) => o.value)).toEqual(Array.from({ length: 100 }, (_, i) => `v${i}`));
    expect(kept.initial_option).toEqual({ text: plain('5'), value: 'v5' });
    expect(select('110').element.initial_option).toBeUndefined();
  });

  it('keeps a Home tab to 100 blocks, with a note that the rest was cut', () => {
    const home = fitView({ type: 'home', blocks: Array.from({ length: 150 }, (_, i) => section(`${i}`)) });
    expect(home.blocks).toHaveLength(LIMITS.blocksPerView);
    expect(JSON.stringify(home.blocks.at(-1))).toContain('cut here');
    expect(checkView(home, 'home').error).toBeUndefined();
  });

  it('refuses to cut private_metadata, which the app reads back: one too long is a bug', () => {
    expect(() => fitView(form({ callback_id: 'partner.edit', private_metadata: x(3001) }))).toThrow(
      /private_metadata of partner.edit is over 3000/,
    );
  });
});
