import type { PlaybookField } from '../playbooks/schema';
import { err, ok, type Result } from '../result';
import type { AnswerValue } from './engine';
import { echo } from './text';

/**
 * Numbers typed as answers: reading one figure from a reply, and the range a field accepts. A figure outside
 * the range is refused with the range, so a 250 % commission or a 250-month term never reaches a document.
 */

export type NumberField = Pick<PlaybookField, 'id' | 'type'> & {
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  readonly unit?: PlaybookField['unit'];
};

const UNIT_WORDS: Readonly<Record<NonNullable<PlaybookField['unit']>, string>> = {
  percent: '%',
  currency: '',
  days: ' days',
  months: ' months',
  years: ' years',
  hours: ' hours',
  count: '',
};

const figure = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** "0–100%", "1–120 months", "at least 0": the range a number field accepts, as the coach says it. */
export function rangeText(field: NumberField): string | null {
  if (field.type !== 'number' || (field.min === undefined && field.max === undefined)) return null;
  const unit = field.unit ? UNIT_WORDS[field.unit] : '';
  if (field.min !== undefined && field.max !== undefined) return `${figure(field.min)}–${figure(field.max)}${unit}`;
  if (field.min !== undefined) return `at least ${figure(field.min)}${unit}`;
  return `at most ${figure(field.max as number)}${unit}`;
}

const NUMBER =
  /(?<![\p{L}\p{N}])(-|−|minus\s*)?\s*(?:[$€£¥]|usd|eur|gbp|chf|cad|aud|jpy|inr)?\s*(\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\u00a0\u202f]\d{3})+|\d{1,3}(?:\.\d{3}){2,}|\d+)(\.\d+)?\s*(k|thousand|m|mm|mn|million|bn|b|billion)?(?![\p{L}\p{N}])/giu;
const MULTIPLIERS: Readonly<Record<string, number>> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  mn: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
};

/**
 * One figure in the reply: "200", "1,200", "1.5k", "2m", "$50,000", "20%", "200 people", "about 45".
 * "," groups thousands; "." is the decimal point ("1.200.000" with several groups also reads as thousands, but
 * a lone "12.000" is refused as ambiguous). Negative figures are refused: partner-program figures are ≥ 0.
 */
function parseNumber(input: string, label: string): Result<AnswerValue, string> {
  const shown = echo(input);
  const matches = [...input.matchAll(NUMBER)];
  const match = matches[0];
  const unreadable = `“${shown}” is not a number I can read for ${label}: reply with one figure, e.g. 200, 1,200 or 1.5k.`;
  if (!match || matches.length > 1) return err(unreadable);
  // Digits outside the one figure ("Q3", "2 or 3", "2026-12-15") make the reply something else.
  const rest = input.slice(0, match.index) + input.slice(match.index + match[0].length);
  if (/\d/.test(rest)) return err(unreadable);
  const [, minus, whole = '', fraction, suffix] = match;
  if (minus || /[-−]\s*[$€£¥]?\s*$/.test(input.slice(0, match.index)))
    return err(`${label} cannot be negative: reply with 0 or more.`);
  if (fraction && /^\.\d{3}$/.test(fraction) && !suffix && /^[1-9]\d{0,2}$/.test(whole)) {
    return err(
      `“${shown}” could be ${Number(`${whole}${fraction}`)} or ${whole}${fraction.slice(1)} for ${label}: write thousands without a dot, e.g. ${whole}${fraction.slice(1)}.`,
    );
  }
  const digits = whole.replace(/[,.\u00a0\u202f]/g, '');
  const value = Number(`${digits}${fraction ?? ''}`) * (MULTIPLIERS[(suffix ?? '').toLowerCase()] ?? 1);
  if (!Number.isFinite(value) || value > Number.MAX_SAFE_INTEGER) return err(unreadable);
  // 1.1k is 1100, not 1100.0000000000002.
  return ok(Math.round(value * 1e6) / 1e6);
}

/** One figure in range for the field, or why not. */
export function parseNumberInRange(field: NumberField, input: string, label: string): Result<AnswerValue, string> {
  const parsed = parseNumber(input, label);
  if (!parsed.ok || typeof parsed.value !== 'number') return parsed;
  const tooLow = field.min !== undefined && parsed.value < field.min;
  const tooHigh = field.max !== undefined && parsed.value > field.max;
  if (!tooLow && !tooHigh) return parsed;
  return err(`“${echo(input)}” is outside the range for ${label}: reply with a number from ${rangeText(field)}.`);
}
