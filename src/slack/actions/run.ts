import type { WebClient } from '@slack/web-api';
import type { ActResult, RunStart } from '../../domain/playbooks/runs';
import type { StepAction } from '../../domain/playbooks/run-model';
import { parseRecommendationValue } from '../blocks/run-complete';
import { parseStepRef, renderClosedStep } from '../blocks/run';
import { message, section } from '../blocks/text';
import type { SlackDeps } from '../deps';
import { deliverDocument } from '../documents';
import { finishRun } from '../runs/finish';
import { afterRunStart, postStep, refreshRoot, stepMessage, update } from '../runs/thread';
import { renderRunStart } from '../blocks/playbooks';
import { IDS } from '../ids';
import type { ActionHandler } from './reminder';

const buttonValue = (action: { value?: string } | object): string =>
  'value' in action && typeof action.value === 'string' ? action.value : '';

type Respond = Parameters<ActionHandler>[0]['respond'];
const tell = (respond: Respond, text: string) =>
  respond({ response_type: 'ephemeral', replace_original: false, ...message(text, [section(text)]) }).catch(
    () => undefined,
  );

/** What a transition shows in the thread: the old step closed (or redrawn), the next step posted, or the run finished. */
async function show(
  client: WebClient,
  deps: SlackDeps,
  result: Extract<ActResult, { kind: 'moved' }>,
  actor: string,
): Promise<void> {
  const { before, after, action, completion } = result;
  const channel = before.channelId;
  if (!channel) return;
  if (before.questionTs && before.questionBody !== null)
    await update(client, deps, channel, before.questionTs, { text: before.questionBody || '✅' }, 'question');
  if (action === 'pause' || action === 'resume') {
    await update(client, deps, channel, before.stepTs, stepMessage(deps, after), 'step');
    await refreshRoot(client, deps, after);
    return;
  }
  await update(client, deps, channel, before.stepTs, renderClosedStep(before, action, actor), 'step');
  if (completion) {
    await finishRun(client, deps, after, completion, actor);
    return;
  }
  await postStep(client, deps, after);
  await refreshRoot(client, deps, after);
}

/** Next step, Skip, Back, Pause, Resume: acted on once per step and seq, whoever clicks and however often. */
export const stepButton =
  (deps: SlackDeps, what: StepAction): ActionHandler =>
  async ({ ack, body, action, client, respond }) => {
    await ack();
    const actor = body.user.id;
    const ref = parseStepRef(buttonValue(action));
    if (!ref)
      return void deps.logger.info({ kind: 'action', action: action.action_id, outcome: 'bad_value' }, 'action');
    await deps.runQueue.run(ref.runId, async () => {
      const result = await deps.runs.act(ref.runId, ref, what, actor);
      deps.logger.info(
        { kind: 'action', action: action.action_id, user: actor, run: ref.runId, outcome: result.kind },
        'action',
      );
      if (result.kind === 'stale')
        return void (await tell(
          respond,
          'That button belongs to an earlier state of this run, so nothing changed. Use the buttons on the latest step message.',
        ));
      if (result.kind === 'blocked') return void (await tell(respond, result.reason));
      await show(client, deps, result, actor);
    });
  };

/** Show template: the step's documents filled with what the run knows so far, as files in the thread. */
export const showTemplate =
  (deps: SlackDeps): ActionHandler =>
  async ({ ack, body, action, client, respond }) => {
    await ack();
    const actor = body.user.id;
    const ref = parseStepRef(buttonValue(action));
    if (!ref) return;
    const v = await deps.runs.view(ref.runId);
    const step = v.playbook.steps[ref.stepIndex] ?? v.step;
    const { channelId, threadTs } = v;
    if (!channelId || !threadTs) return;
    const answers = await deps.runs.documentAnswers(v.id);
    const partner = await deps.partners.findById(v.partner.id);
    for (const id of step.templates) {
      const template = deps.templates.template(id);
      const delivered = await deliverDocument(client, deps, {
        template,
        partner,
        actor,
        to: { channelId, threadTs },
        answers,
        runId: v.id,
      });
      deps.logger.info(
        {
          kind: 'action',
          action: action.action_id,
          run: v.id,
          template: template.id,
          upload: delivered.upload.ok ? 'ok' : delivered.upload.error,
        },
        'action',
      );
      if (!delivered.upload.ok)
        await tell(
          respond,
          `The draft of ${template.title} was saved but could not be uploaded (${delivered.upload.error}). Try Show template again in a moment.`,
        );
    }
  };

/** "Start Onboard" under a finished run, or "Add and start" for a company not on file yet. */
export const startFromButton =
  (deps: SlackDeps): ActionHandler =>
  async ({ ack, body, action, client, respond }) => {
    await ack();
    const actor = body.user.id;
    const typedIn = body.channel?.id ?? body.container?.channel_id ?? actor;
    let start: RunStart;
    if (action.action_id === IDS.runAddAndStart) {
      const [playbookId = '', ...name] = buttonValue(action).split(':');
      start = await deps.runs.addAndStart(playbookId, name.join(':'), actor, typedIn);
    } else {
      const ref = parseRecommendationValue(buttonValue(action));
      if (!ref) return;
      start = await deps.runs.startFor(ref.playbookId, ref.partnerId, actor, typedIn);
    }
    const reply = (await afterRunStart(client, deps, start, actor)) ?? renderRunStart(start);
    await respond({ response_type: 'ephemeral', replace_original: false, ...reply }).catch(() => undefined);
  };
