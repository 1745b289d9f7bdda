import { healthBand } from '../partners/model';
import { tierNote, type Playbook, type PlaybookField } from '../playbooks/schema';
import { addMonths } from '../reminders/calendar';
import { answerKind, fieldLabel } from './answers';
import type { AskContext, PartnerMemory, StepContext } from './engine';
import { nameWords } from './labels';
import { keywords, relatedTo, type CoachLibrary, type Related } from './related';
import { escapeMrkdwn as esc, withoutQuestionMarks } from './text';

/**
 * What the guided coach says to a question, without an LLM: the step's own guidance and tier note, the
 * fields the question is about, and the templates and playbooks whose words match. All statements in
 * mrkdwn: in a run thread only the pending question holds a `?` (DESIGN §10).
 */

export const LLM_NOTE = '_An answer tailored to this partner needs the LLM coach: set OPENAI_API_KEY._';

/** `"Acme Corp"` for a command line; a name holding straight quotes goes in “smart” ones, which the command reads too. */
const quotedName = (name: string): string => (name.includes('"') ? `“${name}”` : `"${name}"`);

function fieldLine(field: PlaybookField): string {
  const kind =
    field.type === 'choice'
      ? `one of ${answerKind(field)}`
      : field.type === 'text'
        ? 'a few words'
        : field.type === 'user'
          ? 'a person, as @user'
          : field.type === 'email'
            ? 'an e-mail address'
            : `a ${answerKind(field)}`;
  const need = field.required ? 'it is required' : 'it is optional: “skip” leaves it empty';
  return `*${esc(fieldLabel(field))}* takes ${esc(kind)}; ${need}.`;
}

/** Fields of the step whose id words the question uses ("which date format" → the date field). */
function fieldsAsked(question: string, fields: readonly PlaybookField[]): PlaybookField[] {
  const asked = new Set(nameWords(question));
  const typeWords: Readonly<Record<string, string>> = {
    date: 'date',
    number: 'number',
    url: 'url',
    email: 'email',
    user: 'who',
  };
  return fields
    .filter(
      (f) =>
        f.id.split('_').some((w) => w.length > 2 && asked.has(w.endsWith('s') ? w.slice(0, -1) : w)) ||
        (typeWords[f.type] !== undefined && asked.has(typeWords[f.type] as string)),
    )
    .slice(0, 3);
}

function relatedLines(related: Related, partnerName: string | null): string[] {
  const lines: string[] = [];
  const who = partnerName === null ? '' : ` ${esc(quotedName(partnerName))}`;
  for (const t of related.templates)
    lines.push(`• \`${esc(t.id)}\` ${esc(t.title)}: \`/partner template ${esc(t.id)}${who}\``);
  for (const p of related.playbooks)
    lines.push(
      `• playbook \`${esc(p.id)}\` ${esc(p.name)}: \`/partner run ${esc(p.id)}${partnerName === null ? ' "Partner name"' : who}\``,
    );
  return lines;
}

/** The reply to a question asked in a run thread: nothing is recorded from it. */
export function answerStepQuestion(context: StepContext, question: string, library: CoachLibrary): string {
  const step = context.playbook.steps[context.stepIndex];
  if (!step) return withoutQuestionMarks(`Nothing was recorded: this run has no step ${context.stepIndex + 1}.`);
  const lines: string[] = [];
  for (const f of fieldsAsked(
    question,
    context.fields.map((s) => s.field),
  ))
    lines.push(fieldLine(f));
  lines.push(`*${esc(step.name)}*: ${esc(step.guidance)}`);
  const tier = context.memory.partner.tier;
  const note = tierNote(step, tier);
  if (note) lines.push(`*For ${esc(tier)} partners*: ${esc(note)}`);
  lines.push(`This step fills ${step.templates.map((id) => `\`${esc(id)}\``).join(', ')}: *Show template* opens it.`);
  const related = relatedTo(library, question, [context.memory.partner.name]);
  const others: Related = {
    templates: related.templates.filter((t) => !step.templates.includes(t.id)),
    playbooks: related.playbooks.filter((p) => p.id !== context.playbook.id),
  };
  const more = relatedLines(others, context.memory.partner.name);
  if (more.length) lines.push('Related in the library:', ...more);
  lines.push('_Nothing was recorded: a message ending in a question mark reads as a question._', LLM_NOTE);
  return withoutQuestionMarks(lines.join('\n'));
}

/** The playbook a partner in this stage usually needs next. */
const STAGE_PLAYBOOKS: Readonly<Record<string, readonly string[]>> = {
  prospect: ['recruit'],
  recruiting: ['recruit'],
  onboarding: ['onboard'],
  active: ['qbr', 'expand'],
  growing: ['expand', 'qbr'],
  at_risk: ['support-escalation', 'qbr'],
  exited: [],
};

function memoryLines(memory: PartnerMemory, today: string, playbooks: readonly Playbook[]): string[] {
  const p = memory.partner;
  const health = p.health === null ? 'no health score yet' : `health ${p.health} (${healthBand(p.health)})`;
  const lines = [`*${esc(p.name)}* · ${esc(p.tier)} tier · stage ${p.stage.replace('_', ' ')} · ${health}`];
  const open = memory.openMilestones;
  if (open.length === 0) lines.push('No open milestones.');
  else {
    const shown = open.slice(0, 3).map((m) => `${esc(m.title)} due ${m.dueOn}${m.overdue ? ' (overdue)' : ''}`);
    lines.push(`Open milestones: ${shown.join('; ')}${open.length > 3 ? `; ${open.length - 3} more` : ''}.`);
  }
  if (memory.lastQbr === null) lines.push('No QBR recorded yet.');
  else if (memory.qbrEveryMonths === null) lines.push(`Last QBR ${memory.lastQbr}.`);
  else {
    const due = addMonths(memory.lastQbr, memory.qbrEveryMonths);
    lines.push(
      `Last QBR ${memory.lastQbr}; the next is ${due < today ? 'overdue since' : 'due'} ${due} (every ${memory.qbrEveryMonths} months).`,
    );
  }
  const suggested = (STAGE_PLAYBOOKS[p.stage] ?? []).find((id) => playbooks.some((pb) => pb.id === id));
  if (suggested)
    lines.push(
      `For a partner at this stage the usual playbook is \`${suggested}\`: \`/partner run ${suggested} ${esc(quotedName(p.name))}\`.`,
    );
  return lines;
}

/** The offline answer to a free question (an @mention or a DM), outside any run. */
export function answerFreeQuestion(context: AskContext, question: string, library: CoachLibrary): string {
  const memory = context.memory;
  const lines = memory ? memoryLines(memory, context.today, library.playbooks()) : [];
  const related = relatedTo(library, question, memory ? [memory.partner.name] : []);
  const found = relatedLines(related, memory ? memory.partner.name : null);
  if (found.length) lines.push('From the library:', ...found);
  else if (keywords(question).length)
    lines.push(
      'No template or playbook matches those words: `/partner templates` and `/partner playbooks` list them all.',
    );
  else lines.push('`/partner templates` and `/partner playbooks` list the library.');
  if (!memory) lines.push('Name a partner PartnerOS knows (see `/partner list`) for advice that fits it.');
  lines.push(LLM_NOTE);
  return withoutQuestionMarks(lines.join('\n'));
}
