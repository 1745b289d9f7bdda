import type { AnswerRow, RunRow, RunStatus } from '../../store/runs';
import type { AnswerValue, FieldState } from '../coach/engine';
import type { Partner } from '../partners/model';
import { tierNote, type Playbook, type PlaybookField, type PlaybookStep } from './schema';

/** A run as the Slack edge draws it: where it is, what its step needs and what is known. */
export interface RunView {
  readonly id: number;
  readonly status: RunStatus;
  /** Transitions so far: buttons carry it, so an old button changes nothing. */
  readonly seq: number;
  readonly stepIndex: number;
  readonly total: number;
  readonly playbook: Playbook;
  readonly step: PlaybookStep;
  readonly partner: Partner;
  readonly channelId: string | null;
  readonly threadTs: string | null;
  readonly stepTs: string | null;
  readonly questionTs: string | null;
  readonly questionBody: string | null;
  readonly permalink: string | null;
  readonly startedBy: string;
  readonly fields: readonly FieldState[];
  /** The first field with no answer yet: the coach's pending question. */
  readonly pending: PlaybookField | null;
  /** Required fields still empty: Next step waits for them (Skip does not). */
  readonly missing: readonly PlaybookField[];
  readonly tierNote: string | null;
  readonly skippedSteps: readonly string[];
  readonly fallbackNoted: boolean;
}

export type StepAction = 'next' | 'skip' | 'back' | 'pause' | 'resume';

/** "Step 2 of 5 · Train": the contract's header of a step message, and where a run stands in any listing. */
export const stepLabel = (v: Pick<RunView, 'stepIndex' | 'total' | 'step'>): string =>
  `Step ${v.stepIndex + 1} of ${v.total} · ${v.step.name}`;

/** Answers are stored as JSON so a number stays a number. */
export const encodeAnswer = (value: AnswerValue | null): string | null =>
  value === null ? null : JSON.stringify(value);

export function decodeAnswer(raw: string | null): AnswerValue | null {
  if (raw === null) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'number' || typeof v === 'string' ? v : String(raw);
  } catch {
    return raw;
  }
}

export function parseSkipped(raw: string): string[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

export function toView(row: RunRow, playbook: Playbook, partner: Partner, answers: readonly AnswerRow[]): RunView {
  const stepIndex = Math.min(row.step_index, playbook.steps.length - 1);
  const step = playbook.steps[stepIndex] as PlaybookStep;
  const known = new Map(answers.map((a) => [a.field_id, decodeAnswer(a.value)]));
  const fields = step.fields.map((field) => ({ field, value: known.has(field.id) ? known.get(field.id) : undefined }));
  return {
    id: row.id,
    status: row.status,
    seq: row.seq,
    stepIndex,
    total: playbook.steps.length,
    playbook,
    step,
    partner,
    channelId: row.channel_id,
    threadTs: row.thread_ts,
    stepTs: row.step_ts,
    questionTs: row.question_ts,
    questionBody: row.question_body,
    permalink: row.permalink,
    startedBy: row.started_by,
    fields,
    pending: fields.find((f) => f.value === undefined)?.field ?? null,
    missing: fields.filter((f) => f.field.required && (f.value === undefined || f.value === null)).map((f) => f.field),
    tierNote: tierNote(step, partner.tier),
    skippedSteps: parseSkipped(row.skipped),
    fallbackNoted: row.fallback_noted === 1,
  };
}
