import { healthBand } from '../partners/model';
import { recommendPlaybooks } from '../playbooks/recommend';
import { tierNote, type Playbook, type PlaybookField } from '../playbooks/schema';
import { addMonths } from '../reminders/calendar';
import { answerKind, fieldLabel } from './answers';
import type { AskContext, PartnerMemory, StepContext } from './engine';
import { nameWords } from './labels';
import { aside, code, line, strong, type Line, type Part } from './parts';
import { keywords, relatedTo, type CoachLibrary, type Related } from './related';

/**
 * What the guided coach says to a question, without an LLM: the step's own guidance and tier note, the
 * fields the question is about, and the templates and playbooks whose words match. All statements, as
 * parts the Slack edge renders: in a run thread only the pending question holds a `?`.
 */

export const LLM_NOTE: Line = [aside('An answer tailored to this partner needs the LLM coach: set OPENAI_API_KEY.')];

/** `"Acme Corp"` for a command line; a name holding straight quotes goes in “smart” ones, which the command reads too. */
const quotedName = (name: string): string => (name.includes('"') ? `“${name}”` : `"${name}"`);

function fieldLine(field: PlaybookField): Line {
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
  return line`${strong(fieldLabel(field))} takes ${kind}; ${need}.`;
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

function relatedLines(related: Related, partnerName: string | null): Line[] {
  const lines: Line[] = [];
  const who = partnerName === null ? '' : ` ${quotedName(partnerName)}`;
  for (const t of related.templates)
    lines.push(line`• ${code(t.id)} ${t.title}: ${code(`/partner template ${t.id}${who}`)}`);
  for (const p of related.playbooks)
    lines.push(
      line`• playbook ${code(p.id)} ${p.name}: ${code(`/partner run ${p.id}${partnerName === null ? ' "Partner name"' : who}`)}`,
    );
  return lines;
}

/** The reply to a question asked in a run thread: nothing is recorded from it. */
export function answerStepQuestion(context: StepContext, question: string, library: CoachLibrary): Line[] {
  const step = context.playbook.steps[context.stepIndex];
  if (!step) return [[`Nothing was recorded: this run has no step ${context.stepIndex + 1}.`]];
  const lines: Line[] = [];
  for (const f of fieldsAsked(
    question,
    context.fields.map((s) => s.field),
  ))
    lines.push(fieldLine(f));
  lines.push(line`${strong(step.name)}: ${step.guidance}`);
  const tier = context.memory.partner.tier;
  const note = tierNote(step, tier);
  if (note) lines.push(line`${strong(`For ${tier} partners`)}: ${note}`);
  lines.push([
    'This step fills ',
    ...step.templates.flatMap((id, i): Part[] => (i === 0 ? [code(id)] : [', ', code(id)])),
    ': ',
    strong('Show template'),
    ' opens it.',
  ]);
  const related = relatedTo(library, question, [context.memory.partner.name]);
  const others: Related = {
    templates: related.templates.filter((t) => !step.templates.includes(t.id)),
    playbooks: related.playbooks.filter((p) => p.id !== context.playbook.id),
  };
  const more = relatedLines(others, context.memory.partner.name);
  if (more.length) lines.push(['Related in the library:'], ...more);
  lines.push([aside('Nothing was recorded: a message ending in a question mark reads as a question.')], LLM_NOTE);
  return lines;
}

function memoryLines(memory: PartnerMemory, today: string, playbooks: readonly Playbook[]): Line[] {
  const p = memory.partner;
  const health = p.health === null ? 'no health score yet' : `health ${p.health} (${healthBand(p.health)})`;
  const lines: Line[] = [line`${strong(p.name)} · ${p.tier} tier · stage ${p.stage.replace('_', ' ')} · ${health}`];
  const open = memory.openMilestones;
  if (open.length === 0) lines.push(['No open milestones.']);
  else {
    const shown = open.slice(0, 3).map((m) => `${m.title} due ${m.dueOn}${m.overdue ? ' (overdue)' : ''}`);
    lines.push([`Open milestones: ${shown.join('; ')}${open.length > 3 ? `; ${open.length - 3} more` : ''}.`]);
  }
  if (memory.lastQbr === null) lines.push(['No QBR recorded yet.']);
  else if (memory.qbrEveryMonths === null) lines.push([`Last QBR ${memory.lastQbr}.`]);
  else {
    const due = addMonths(memory.lastQbr, memory.qbrEveryMonths);
    lines.push([
      `Last QBR ${memory.lastQbr}; the next is ${due < today ? 'overdue since' : 'due'} ${due} (every ${memory.qbrEveryMonths} months).`,
    ]);
  }
  // The same rules as the suggestions at the end of a run (the playbooks' suggested_when), so the two agree.
  const [suggested] = recommendPlaybooks({
    partner: { ...p, topTier: memory.topTier },
    playbooks,
    history: memory.earlierRuns,
  });
  if (suggested) {
    const id = suggested.playbook.id;
    lines.push(
      line`The playbook to run next is ${code(id)} (${suggested.reason}): ${code(`/partner run ${id} ${quotedName(p.name)}`)}.`,
    );
  }
  return lines;
}

/** The offline answer to a free question (an @mention or a DM), outside any run. */
export function answerFreeQuestion(context: AskContext, question: string, library: CoachLibrary): Line[] {
  const memory = context.memory;
  const lines = memory ? memoryLines(memory, context.today, library.playbooks()) : [];
  const related = relatedTo(library, question, memory ? [memory.partner.name] : []);
  const found = relatedLines(related, memory ? memory.partner.name : null);
  if (found.length) lines.push(['From the library:'], ...found);
  else if (keywords(question).length)
    lines.push(
      line`No template or playbook matches those words: ${code('/partner templates')} and ${code('/partner playbooks')} list them all.`,
    );
  else lines.push(line`${code('/partner templates')} and ${code('/partner playbooks')} list the library.`);
  if (!memory) lines.push(line`Name a partner PartnerOS knows (see ${code('/partner list')}) for advice that fits it.`);
  lines.push(LLM_NOTE);
  return lines;
}
