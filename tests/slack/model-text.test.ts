/**
 * The model's words are untrusted input. Whatever it writes, what the app sends (streamed snapshots, the
 * final reply, a free answer) never holds a mention, a broadcast or link markup the model wrote.
 */
import { describe, expect, it } from 'vitest';
import type { CoachTurn } from '../../src/domain/coach/engine';
import { coachAnswerText, coachReplyBody, streamingText } from '../../src/slack/blocks/coach';
import { renderModelText } from '../../src/slack/blocks/model-text';
import { makeStepContext } from '../coach/context';
import { adversarial } from '../support/adversarial';
import { prng } from '../support/prng';

describe('the model’s words in a thread', () => {
  it('turns the Markdown models write into mrkdwn, and a link into its label and real address', () => {
    expect(renderModelText('## Plan\n- **Call** [Dana](https://globex.example)\n* __then__ wait')).toBe(
      '*Plan*\n• *Call* Dana (https://globex.example)\n• *then* wait',
    );
  });

  it('leaves no question mark, cutting a URL’s query rather than changing it', () => {
    expect(renderModelText('Ready? "Sure?" See https://x.example/a?b=1 ¿Qué?')).toBe(
      'Ready. "Sure." See https://x.example/a… Qué.',
    );
  });

  it('escapes the model’s markup like user text: no broadcast, mention, channel or link survives', () => {
    expect(renderModelText('<!channel> <!here|here> <@U0ALICE> <#C0GENERAL|general> <https://evil.example|bank>')).toBe(
      '&lt;!channel&gt; &lt;!here|here&gt; &lt;@U0ALICE&gt; &lt;#C0GENERAL|general&gt; &lt;https://evil.example|bank&gt;',
    );
    expect(renderModelText('AT&T &lt;!channel&gt;')).toBe('AT&amp;T &amp;lt;!channel&amp;gt;');
  });

  it.each([
    ['<!chan?nel>', '&lt;!channel&gt;'],
    ['<!?here>', '&lt;!here&gt;'],
    ['‹!every？one>', '‹!everyone&gt;'],
    ['＜!channel＞ ＜@U0ALICE＞', '&lt;!channel&gt; &lt;@U0ALICE&gt;'],
    ['<!chan¿nel>', '&lt;!channel&gt;'],
  ])('cannot be made into a broadcast by stripping question marks or folding look-alikes: %s', (raw, shown) => {
    expect(renderModelText(raw)).toBe(shown);
  });

  it('gives a plain @here, @channel or @everyone a word joiner, so it could never ping', () => {
    expect(renderModelText('@here @Channel and @everyone')).toBe('@\u2060here @\u2060Channel and @\u2060everyone');
  });
});

/** What would make Slack mention, ping or link: the app's own mentions are checked separately. */
const MARKUP = /<[!@#]|<https?:|<mailto:|@(?:here|channel|everyone)\b/i;

describe('a property: no model text becomes markup in anything the app sends', () => {
  const fields = makeStepContext().fields;
  const turn = (advice: string): CoachTurn => ({ values: {}, skipped: [], problems: [], hints: [], advice });

  it('holds for 5,000 adversarial replies, streamed, final, and as a free answer', () => {
    const random = prng(20261125);
    for (let i = 0; i < 5000; i++) {
      const raw = adversarial(random);
      for (const sent of [
        streamingText(raw),
        coachReplyBody({ turn: turn(raw), fields }),
        coachReplyBody({ turn: turn(raw), fields, note: 'The AI coach is not answering' }),
        coachAnswerText({ lines: [], advice: raw }),
      ]) {
        expect(sent, JSON.stringify(raw)).not.toMatch(MARKUP);
        expect(sent, JSON.stringify(raw)).not.toContain('<');
        expect(sent, JSON.stringify(raw)).not.toMatch(/[?？]/);
      }
    }
  });

  it('keeps the mentions the app itself writes: a recorded person still shows as a mention', () => {
    const context = makeStepContext();
    const sponsor = context.fields.find((f) => f.field.type === 'user');
    if (!sponsor) throw new Error('the QBR step has a person field');
    const body = coachReplyBody({
      turn: { ...turn('<@U0EVIL> says hi'), values: { [sponsor.field.id]: 'U0DANA' } },
      fields: context.fields,
    });
    expect(body).toContain('<@U0DANA>');
    expect(body).not.toContain('<@U0EVIL>');
    expect(body).toContain('&lt;@U0EVIL&gt; says hi');
  });
});
