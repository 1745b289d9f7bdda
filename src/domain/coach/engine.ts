import type { CompanyConfig } from '../../config/schema';
import type { Partner } from '../partners/model';
import type { Playbook, PlaybookField } from '../playbooks/schema';
import type { Line } from './parts';

/**
 * The coach behind one interface, two engines: `guided` (rules, no network) and `llm`
 * (an OpenAI-compatible chat API). Engines never touch Slack or the store: the run service gives them
 * what they need and records what they return.
 */

/** A recorded answer: text, a number, a date `YYYY-MM-DD`, a Slack user id `U…`, a URL or an e-mail. */
export type AnswerValue = string | number;

/** A field of the current step and what is known: undefined unanswered, null skipped on purpose. */
export interface FieldState {
  readonly field: PlaybookField;
  readonly value: AnswerValue | null | undefined;
}

/** What PartnerOS remembers about the partner, for advice that fits it. */
export interface PartnerMemory {
  readonly partner: Partner;
  /** Its tier is the highest in partneros.yml: playbooks are suggested by tier as well as stage and health. */
  readonly topTier: boolean;
  /** Months between QBRs for the partner's tier; null when the tier is not configured. */
  readonly qbrEveryMonths: number | null;
  readonly lastQbr: string | null;
  /** Newest first. */
  readonly health: readonly { score: number; at: string; note: string | null }[];
  readonly openMilestones: readonly { title: string; dueOn: string; overdue: boolean }[];
  /** Newest first. */
  readonly notes: readonly { text: string; at: string }[];
  readonly earlierRuns: readonly { playbookId: string; status: string; at: string }[];
}

export interface StepContext {
  readonly company: CompanyConfig['company'];
  readonly memory: PartnerMemory;
  readonly playbook: Playbook;
  readonly stepIndex: number;
  /** The current step's fields, in order, with what is known. */
  readonly fields: readonly FieldState[];
  /** The field the coach asked for last (the first unanswered one), if any. */
  readonly pending: PlaybookField | null;
  /** Today in the company time zone, `YYYY-MM-DD`: relative dates ("next Friday") count from it. */
  readonly today: string;
  readonly timezone: string;
}

/**
 * A thread reply after the Slack wire form is decoded: entities (`&amp;`) decoded, links shown as what was
 * typed, but people kept as `<@U123>` so a `user` field can take the id.
 */
export interface CoachMessage {
  readonly text: string;
  readonly userId: string;
}

export interface FieldProblem {
  readonly fieldId: string;
  readonly message: string;
}

/**
 * What the coach made of one thread reply, as structured parts: the Slack edge renders them (the recorded
 * values with their labels, the problems, the hints, the model's advice, then the pending question).
 */
export interface CoachTurn {
  /** Values to record, each valid for its field's type. */
  readonly values: Readonly<Record<string, AnswerValue>>;
  /** Optional fields the user chose to leave empty ("skip", "none"). */
  readonly skipped: readonly string[];
  /** Values that did not fit their type: statements naming the field and the form expected. */
  readonly problems: readonly FieldProblem[];
  /** What else the coach says: where the step stands, what was not placed, the answer to a question. */
  readonly hints: readonly Line[];
  /**
   * The model's own words (LLM engine), as it wrote them. Untrusted: a partner note in the prompt can steer
   * the model, so the edge escapes this like user text and never lets it mention or link anyone.
   */
  readonly advice?: string;
  /** Set when the LLM failed and the guided engine answered instead: why, in a few words. */
  readonly fellBack?: string;
}

/** The answer to a free question: lines of parts, or the model's own (untrusted) words. */
export interface CoachAnswer {
  readonly lines: readonly Line[];
  readonly advice?: string;
  readonly fellBack?: string;
}

/** Called with the model's whole text so far (raw, untrusted) as it streams; the Slack edge renders and throttles. */
export type StreamSink = (textSoFar: string) => void;

export interface AskContext {
  readonly company: CompanyConfig['company'];
  /** Set when the question names a partner PartnerOS knows. */
  readonly memory: PartnerMemory | null;
  readonly today: string;
}

export interface CoachEngine {
  readonly kind: 'guided' | 'llm';
  /** One thread reply in a run: record what it contains, answer what it asks. */
  turn(context: StepContext, message: CoachMessage, stream?: StreamSink): Promise<CoachTurn>;
  /** A free question (an @mention or a DM), outside any run. */
  ask(context: AskContext, question: string, stream?: StreamSink): Promise<CoachAnswer>;
}
