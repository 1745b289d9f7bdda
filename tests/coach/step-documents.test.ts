/**
 * A step that hands back several documents: the coach's answer names each one as something to look up, in
 * parts (the domain writes no mrkdwn), and points at other templates only.
 */
import { describe, expect, it } from 'vitest';
import { guidedCoach } from '../../src/domain/coach/guided';
import { coachReplyBody } from '../../src/slack/blocks/coach';
import { library, makeContext, makePlaybook } from './factories';

const coach = guidedCoach(library);
/** The factory's steps as a file gives them (`templates` is what the schema derives from `template`). */
const [plan, launch] = makePlaybook().steps.map(({ templates: _, ...raw }) => raw);
const twoDocuments = makePlaybook({
  steps: [{ ...plan, template: ['legal/mutual-nda', 'enablement/co-marketing-plan'] }, launch],
});

describe('the guided coach at a step with two documents', () => {
  it('names both, each as a template id, and suggests neither as a related template', async () => {
    const context = makeContext({ playbook: twoDocuments });
    expect(context.playbook.steps[0]?.templates).toEqual(['legal/mutual-nda', 'enablement/co-marketing-plan']);
    const turn = await coach.turn(context, { text: 'should we sign an NDA first?', userId: 'U0ME00001' });
    expect(turn.hints).toContainEqual([
      'This step fills ',
      { code: 'legal/mutual-nda' },
      ', ',
      { code: 'enablement/co-marketing-plan' },
      ': ',
      { strong: 'Show template' },
      ' opens it.',
    ]);
    const text = coachReplyBody({ turn, fields: context.fields });
    expect(text).toContain(
      'This step fills `legal/mutual-nda`, `enablement/co-marketing-plan`: *Show template* opens it.',
    );
    expect(text).not.toContain('/partner template legal/mutual-nda');
  });

  it('names the one document of a single-template step alone', async () => {
    const turn = await coach.turn(makeContext(), { text: 'should we sign an NDA first?', userId: 'U0ME00001' });
    const text = coachReplyBody({ turn, fields: makeContext().fields });
    expect(text).toContain('This step fills `enablement/co-marketing-plan`: *Show template* opens it.');
    expect(text).toContain('`legal/mutual-nda` Mutual NDA: `/partner template legal/mutual-nda "Acme Corp"`');
  });
});
