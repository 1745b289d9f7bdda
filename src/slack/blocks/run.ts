import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { answerKind, fieldLabel, questionLine } from '../../domain/coach/answers';
import type { AnswerValue, FieldState } from '../../domain/coach/engine';
import type { Playbook } from '../../domain/playbooks/schema';
import { type RunView, stepLabel } from '../../domain/playbooks/run-model';
import type { Partner } from '../../domain/partners/model';
import { IDS } from '../ids';
import { guidanceBlocks } from './guidance';
import { context, esc, header, linesToSections, message, section, user, type Message } from './text';

/**
 * The playbook thread: a root post, one reply per step with its buttons, coach replies.
 * Only the coach's pending question may contain `?`: every other line is a statement, and what users
 * typed is echoed with `?` shown as the full-width ？ so an answered value never reads as a question.
 */

/** User text inside a statement line. */
export const said = (s: string): string => esc(s).replace(/\?/g, '？');

/** The button value: run, step and the transition count it was drawn at. */
export const stepRef = (v: Pick<RunView, 'id' | 'stepIndex' | 'seq'>): string => `${v.id}:${v.stepIndex}:${v.seq}`;

export function parseStepRef(value: string | undefined): { runId: number; stepIndex: number; seq: number } | null {
  const m = /^(\d+):(\d+):(\d+)$/.exec(value ?? '');
  return m ? { runId: Number(m[1]), stepIndex: Number(m[2]), seq: Number(m[3]) } : null;
}

export function showValue(field: FieldState['field'], value: AnswerValue): string {
  if (field.type === 'user' && typeof value === 'string') return user(value);
  return said(String(value));
}

const button = (text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button => ({
  type: 'button',
  text: { type: 'plain_text', text, emoji: true },
  action_id: actionId,
  value,
  ...(style ? { style } : {}),
});

export const stepTitle = stepLabel;

function fieldLines(fields: readonly FieldState[]): string[] {
  return fields.map(({ field, value }) => {
    const label = `*${fieldLabel(field)}*`;
    if (value === undefined) return `◻️ ${label} — ${answerKind(field)}${field.required ? '' : ' (optional)'}`;
    if (value === null) return `➖ ${label}: left empty`;
    return `✅ ${label}: ${showValue(field, value)}`;
  });
}

/** The pending question, on its own line, ending with `?`. */
export const questionText = (v: Pick<RunView, 'pending'>): string | null =>
  v.pending ? `➡️ ${esc(questionLine(v.pending))}` : null;

/** What a step hands back, for its advice: the step's templates that loaded. */
export interface StepDocument {
  id: string;
  title: string;
  guidance: string;
}

/** Each document's advice in a step message stays short: the full text is one command away. */
const GUIDANCE_AT_STEP = { blocks: 4, chars: 1800 } as const;

/**
 * A step while it is current: guidance, the advice of the documents it fills, what it needs, checklist,
 * tier note, the pending question, buttons.
 */
export function renderStep(v: RunView, documents: readonly StepDocument[] = []): Message {
  const blocks: KnownBlock[] = [header(stepTitle(v)), section(esc(v.step.guidance))];
  for (const d of documents) blocks.push(...guidanceBlocks(d, GUIDANCE_AT_STEP));
  if (v.fields.length) blocks.push(...linesToSections(['*What this step needs*', ...fieldLines(v.fields)]));
  blocks.push(...linesToSections(['*Checklist*', ...v.step.checklist.map((c) => `☐ ${esc(c)}`)]));
  if (v.tierNote) blocks.push(context(`*${said(v.partner.tier)} partners:* ${esc(v.tierNote)}`));
  const question = questionText(v);
  if (v.status === 'paused') {
    blocks.push(
      context(`⏸ Paused. Press Resume (or \`/partner run ${v.playbook.id} "${said(v.partner.name)}"\`) to carry on.`),
    );
    blocks.push({
      type: 'actions',
      block_id: IDS.runBlock,
      elements: [button('Resume', IDS.runResume, stepRef(v), 'primary')],
    });
  } else {
    if (question) blocks.push(section(question));
    blocks.push(
      context(
        v.missing.length
          ? 'Answer in this thread. Next step waits for the required answers; Skip leaves the whole step.'
          : 'Everything required is in. Press Next step when the checklist is done.',
      ),
    );
    blocks.push(stepButtons(v));
  }
  return message(`${stepTitle(v)} — ${v.playbook.name} for ${v.partner.name}`.replace(/\?/g, '？'), blocks);
}

function stepButtons(v: RunView): ActionsBlock {
  const ref = stepRef(v);
  // Back is there on the first step too (it says there is nothing before): the buttons never move about.
  const elements: Button[] = [
    button('Next step', IDS.runNext, ref, 'primary'),
    button('Skip', IDS.runSkip, ref),
    button('Back', IDS.runBack, ref),
    button('Pause', IDS.runPause, ref),
    button('Show template', IDS.runTemplate, ref),
  ];
  return { type: 'actions', block_id: IDS.runBlock, elements };
}

const DONE_WORDS = {
  next: '✅ Done',
  skip: '⏭ Skipped',
  back: '↩ Went back',
  pause: '⏸ Paused',
  resume: '▶ Resumed',
} as const;

/** A step once the run moved on from it: what was recorded, who moved it, no buttons and no question. */
export function renderClosedStep(v: RunView, how: keyof typeof DONE_WORDS, actor: string): Message {
  const blocks: KnownBlock[] = [header(stepTitle(v))];
  if (v.fields.length) blocks.push(...linesToSections(fieldLines(v.fields)));
  blocks.push(context(`${DONE_WORDS[how]} by ${user(actor)}`));
  return message(`${stepTitle(v)} — ${DONE_WORDS[how]}`, blocks);
}

/** The root of a run's thread. */
export function renderRunRoot(playbook: Playbook, partner: Partner, startedBy: string, state?: string): Message {
  const steps = playbook.steps.map((s, i) => `${i + 1}. ${esc(s.name)}`);
  const blocks: KnownBlock[] = [
    header(`${playbook.name} · ${partner.name}`.replace(/\?/g, '？')),
    section(
      `${esc(playbook.description)}\n\nStarted by ${user(startedBy)} for *${said(partner.name)}* (${said(partner.tier)}, ${partner.stage.replace('_', ' ')}).`,
    ),
    ...linesToSections([`*${playbook.steps.length} steps*`, ...steps]),
  ];
  if (playbook.prerequisites.length)
    blocks.push(
      ...linesToSections(['*Confirm before you start*', ...playbook.prerequisites.map((p) => `☐ ${esc(p)}`)]),
    );
  if (playbook.warnings.length)
    blocks.push(...linesToSections(['*Watch out*', ...playbook.warnings.map((w) => `⚠️ ${esc(w)}`)]));
  blocks.push(
    context(state ?? 'The coach works in this thread: reply here with your answers, and use the buttons on each step.'),
  );
  return message(
    `${playbook.name} playbook for ${partner.name}, started by <@${startedBy}>`.replace(/\?/g, '？'),
    blocks,
  );
}

/** The reply with the pending question as its last line, when one is pending. */
export function withQuestion(body: string, v: RunView): string {
  const question = questionText(v);
  if (!question) return body;
  return body ? `${body}\n${question}` : question;
}
