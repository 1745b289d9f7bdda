import type { CompanyConfig } from '../../config/schema';
import { healthBand } from '../partners/model';
import { tierNote } from '../playbooks/schema';
import type { AskContext, CoachMessage, FieldState, PartnerMemory, StepContext } from './engine';
import type { ChatMessage } from './llm-client';

/**
 * The system prompts of the LLM coach: who the company is, what PartnerOS remembers about the partner, where
 * the run stands, and how to write for a Slack thread. Everything taken from stored data is clipped, so a
 * partner with years of notes costs the same few hundred tokens as a new one.
 */

const LIMITS = {
  notes: 3,
  noteChars: 280,
  health: 5,
  milestones: 5,
  runs: 5,
  text: 300,
  guidance: 1200,
  message: 4000,
} as const;

/** One line, at most `max` characters (an ellipsis marks the cut). */
export function clipLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

const day = (at: string) => at.slice(0, 10);

/** The step's note for a tier: keys are tier names (any case), `default` for the tiers not named. */
export function companySection(company: CompanyConfig['company']): string {
  const facts = [
    company.name &&
      `Company: ${clipLine(company.name, 100)}${company.website ? ` (${clipLine(company.website, 100)})` : ''}`,
    company.product && `Product: ${clipLine(company.product, LIMITS.text)}`,
    company.value_proposition && `Value proposition: ${clipLine(company.value_proposition, LIMITS.text)}`,
  ].filter(Boolean);
  return facts.length
    ? facts.join('\n')
    : 'The company has not described itself yet (partneros.yml has no company section).';
}

function healthLine(memory: PartnerMemory): string {
  const score = memory.partner.health ?? memory.health[0]?.score ?? null;
  if (score === null) return 'Health: not scored yet';
  const [latest, previous] = memory.health;
  let trend = '';
  if (latest && previous) {
    const change = latest.score - previous.score;
    trend =
      change === 0
        ? `, steady since ${day(previous.at)}`
        : `, ${change > 0 ? 'up' : 'down'} ${Math.abs(change)} since ${day(previous.at)}`;
  }
  const history = memory.health
    .slice(0, LIMITS.health)
    .map((h) => `${h.score} on ${day(h.at)}${h.note ? ` (${clipLine(h.note, 80)})` : ''}`)
    .join('; ');
  return `Health: ${score}/100 (${healthBand(score)})${trend}${history ? `. History, newest first: ${history}` : ''}`;
}

/** What PartnerOS remembers about the partner, as lines for a system prompt. */
export function memorySection(memory: PartnerMemory): string {
  const p = memory.partner;
  const cadence =
    memory.qbrEveryMonths === null
      ? 'no QBR cadence configured for this tier'
      : `QBR every ${memory.qbrEveryMonths} months`;
  const milestones = memory.openMilestones
    .slice(0, LIMITS.milestones)
    .map((m) => `"${clipLine(m.title, 100)}" due ${m.dueOn}${m.overdue ? ' (OVERDUE)' : ''}`);
  const notes = memory.notes.slice(0, LIMITS.notes).map((n) => `${day(n.at)}: ${clipLine(n.text, LIMITS.noteChars)}`);
  const runs = memory.earlierRuns.slice(0, LIMITS.runs).map((r) => `${r.playbookId} (${r.status}, ${day(r.at)})`);
  return [
    `Partner: ${clipLine(p.name, 100)}${p.type ? `, a ${p.type} partner` : ''}${p.vertical ? ` in ${clipLine(p.vertical, 60)}` : ''}`,
    `Tier: ${p.tier} (${cadence}; last QBR ${memory.lastQbr ?? 'not recorded'})`,
    `Stage: ${p.stage.replace('_', ' ')}`,
    healthLine(memory),
    `Owner: ${p.ownerUserId ? `<@${p.ownerUserId}>` : 'nobody yet'}`,
    `Open milestones: ${milestones.length ? milestones.join('; ') : 'none'}`,
    `Latest notes, newest first: ${notes.length ? notes.map((n) => `\n  - ${n}`).join('') : 'none'}`,
    `Earlier playbook runs: ${runs.length ? runs.join('; ') : 'none'}`,
  ].join('\n');
}

function fieldLine(state: FieldState, pendingId: string | undefined): string {
  const f = state.field;
  const known =
    state.value === undefined
      ? 'still missing'
      : state.value === null
        ? 'skipped on purpose'
        : `known: ${clipLine(String(state.value), 200)}`;
  const choices = f.choices ? ` (choices: ${f.choices.join(' / ')})` : '';
  const asking = f.id === pendingId ? ' (the app is asking for this now)' : '';
  return `- ${f.id} (${f.type}${choices}, ${f.required ? 'required' : 'optional'}): "${f.question}" ${known}${asking}`;
}

/** The playbook, the current step, its tier note and its fields. */
export function stepSection(context: StepContext): string {
  const { playbook, stepIndex, memory } = context;
  const step = playbook.steps[stepIndex];
  if (!step) return `Playbook: ${playbook.name} (finished)`;
  const note = tierNote(step, memory.partner.tier);
  return [
    `Playbook: ${playbook.name}: ${clipLine(playbook.description, LIMITS.text)}`,
    `Current step ${stepIndex + 1} of ${playbook.steps.length}: ${step.name}`,
    `Guidance for this step: ${clipLine(step.guidance, LIMITS.guidance)}`,
    `Checklist: ${step.checklist.map((c) => `\n  - ${c}`).join('')}`,
    note ? `Note for ${memory.partner.tier} partners: ${note}` : '',
    context.fields.length
      ? `Fields this step records:\n${context.fields.map((s) => fieldLine(s, context.pending?.id)).join('\n')}`
      : 'This step records no fields.',
  ]
    .filter(Boolean)
    .join('\n');
}

const RULES = [
  'Write Slack mrkdwn: *bold*, _italic_, lines starting with • for lists. No Markdown headings (#), no **double asterisks**, no tables.',
  'Angle-bracket markup (<@U…>, <!here>, <https://…|label>) is shown as plain text: name people in words and write web addresses bare (https://example.com).',
  'Be concise: at most 120 words.',
  'Tailor the advice to this partner: its tier, stage, health and trend, overdue milestones and notes. Do not invent facts about it.',
  'Drafts are drafts: you may draft an e-mail or a message for the user to send, but never say you sent, scheduled or shared anything; you act only in this Slack conversation.',
  'Never ask questions and never write a question mark: the app asks for what it needs itself. Write statements only.',
];

function rules(extra: readonly string[]): string {
  return `How to answer:\n${[...RULES, ...extra].map((r) => `- ${r}`).join('\n')}`;
}

/** The messages for a reply in a run thread: advice on the step, or the answer to the user's question. */
export function turnMessages(context: StepContext, message: CoachMessage): ChatMessage[] {
  const system = [
    `You are PartnerOS, the partner-program coach of the company below, inside Slack. Today is ${context.today} (${context.timezone}).`,
    companySection(context.company),
    memorySection(context.memory),
    stepSection(context),
    rules([
      "Answer the user's question if the message asks one; otherwise give one or two concrete next moves for this step.",
      'Do not repeat the field values back or list the missing fields: the app records the values and asks for the rest.',
    ]),
  ].join('\n\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: `<@${message.userId}> wrote: ${message.text.slice(0, LIMITS.message)}` },
  ];
}

/** The messages for a free question (a mention or a DM), with the partner's memory when one is named. */
export function askMessages(context: AskContext, question: string): ChatMessage[] {
  const system = [
    `You are PartnerOS, the partner-program coach of the company below, inside Slack. Today is ${context.today}.`,
    companySection(context.company),
    context.memory
      ? memorySection(context.memory)
      : 'The question names no partner PartnerOS knows: answer for partner programs in general.',
    rules([
      'Answer the question directly; when a playbook fits, name it (recruit, onboard, qbr, expand, co-marketing, support-escalation, exit).',
    ]),
  ].join('\n\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: question.slice(0, LIMITS.message) },
  ];
}
