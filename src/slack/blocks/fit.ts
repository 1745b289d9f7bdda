import type { KnownBlock, ModalView, HomeView } from '@slack/types';
import { clip, LIMITS } from './limits';

/**
 * The one place where a payload is made to fit Slack's limits, on its way out: every text object is clipped
 * to the limit of the place it sits in, lists are cut to their maximum (fields, context and actions elements,
 * options), empty texts (which Slack refuses) are dropped, and a message or view that has too many blocks or
 * too much text loses its last blocks to a note saying so (a closing row of buttons is kept). Renderers split
 * and summarise long content themselves so that this rarely cuts anything; what it guarantees is that Slack
 * never refuses what we send.
 *
 * It works on the JSON Slack receives (nested objects keyed by Block Kit's field names), so it needs no case
 * per element type; what it returns has the same shape as what it was given.
 */

type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is Json & { text: string } => isJson(v) && typeof v.text === 'string';

/** A text object with its text clipped; undefined when it is empty (Slack refuses empty text). */
function text(v: unknown, max: number): Json | undefined {
  if (!isText(v) || v.text.trim() === '') return undefined;
  return { ...v, text: clip(v.text, max) };
}

function withText(o: Json, key: string, max: number): void {
  if (o[key] === undefined) return;
  const fitted = text(o[key], max);
  if (fitted) o[key] = fitted;
  else delete o[key];
}

function option(o: unknown): unknown {
  if (!isJson(o)) return o;
  const out = { ...o };
  withText(out, 'text', LIMITS.optionText);
  withText(out, 'description', LIMITS.optionText);
  return out;
}

const OPTION_MAX: Record<string, number> = {
  overflow: LIMITS.overflowOptions,
  checkboxes: LIMITS.choiceOptions,
  radio_buttons: LIMITS.choiceOptions,
};

const optionValue = (o: unknown): unknown => (isJson(o) ? o.value : undefined);

/**
 * Options within their maximum, each fitted. A value is what the app reads back, so it is never cut: an
 * option whose value is too long (an id nobody kept short) is left out rather than the whole form refused.
 */
function options(list: unknown[], max: number): unknown[] {
  return list
    .filter((o) => {
      const value = optionValue(o);
      return typeof value !== 'string' || value.length <= LIMITS.optionValue;
    })
    .slice(0, max)
    .map(option);
}

function element(el: unknown): unknown {
  if (!isJson(el)) return el;
  const out = { ...el };
  if (out.type === 'button') withText(out, 'text', LIMITS.buttonText);
  if (typeof out.accessibility_label === 'string')
    out.accessibility_label = clip(out.accessibility_label, LIMITS.accessibilityLabel);
  withText(out, 'placeholder', LIMITS.placeholder);
  const offered: unknown[] = [];
  if (Array.isArray(out.options)) {
    const fitted = options(out.options, OPTION_MAX[String(out.type)] ?? LIMITS.selectOptions);
    out.options = fitted;
    offered.push(...fitted);
  }
  if (Array.isArray(out.option_groups))
    out.option_groups = out.option_groups.slice(0, LIMITS.optionGroups).map((g) => {
      if (!isJson(g)) return g;
      const group = { ...g };
      withText(group, 'label', LIMITS.optionGroupLabel);
      if (Array.isArray(group.options)) {
        const fitted = options(group.options, LIMITS.selectOptions);
        group.options = fitted;
        offered.push(...fitted);
      }
      return group;
    });
  // Initial options are fitted the same way, so they still match what is offered; one no longer offered goes.
  const isOffered = (o: unknown) => offered.some((known) => optionValue(known) === optionValue(o));
  if (out.initial_option !== undefined) {
    if (isOffered(out.initial_option)) out.initial_option = option(out.initial_option);
    else delete out.initial_option;
  }
  if (Array.isArray(out.initial_options)) out.initial_options = out.initial_options.filter(isOffered).map(option);
  if (isJson(out.confirm)) {
    const confirm = { ...out.confirm };
    withText(confirm, 'title', LIMITS.confirmTitle);
    withText(confirm, 'text', LIMITS.confirmText);
    withText(confirm, 'confirm', LIMITS.confirmButton);
    withText(confirm, 'deny', LIMITS.confirmButton);
    out.confirm = confirm;
  }
  return out;
}

/** One block fitted, or undefined when nothing of it would be left to show. */
function block(b: Json): Json | undefined {
  const out = { ...b };
  switch (out.type) {
    case 'section': {
      withText(out, 'text', LIMITS.sectionText);
      if (Array.isArray(out.fields)) {
        const fields = out.fields.slice(0, LIMITS.fields).flatMap((f) => text(f, LIMITS.fieldText) ?? []);
        if (fields.length) out.fields = fields;
        else delete out.fields;
      }
      if (out.accessory !== undefined) out.accessory = element(out.accessory);
      return out.text === undefined && out.fields === undefined ? undefined : out;
    }
    case 'header':
      withText(out, 'text', LIMITS.headerText);
      return out.text === undefined ? undefined : out;
    case 'context': {
      const elements = (Array.isArray(out.elements) ? out.elements : [])
        .flatMap((e) => (isJson(e) && e.type === 'image' ? [e] : (text(e, LIMITS.text) ?? [])))
        .slice(0, LIMITS.contextElements);
      return elements.length ? { ...out, elements } : undefined;
    }
    case 'actions': {
      const elements = (Array.isArray(out.elements) ? out.elements : []).slice(0, LIMITS.actionsElements).map(element);
      return elements.length ? { ...out, elements } : undefined;
    }
    case 'input':
      withText(out, 'label', LIMITS.label);
      withText(out, 'hint', LIMITS.hint);
      out.element = element(out.element);
      return out;
    case 'markdown':
      return typeof out.text === 'string' && out.text.trim()
        ? { ...out, text: clip(out.text, LIMITS.markdownText) }
        : undefined;
    default:
      return out;
  }
}

/** What Slack sums towards msg_blocks_too_long: every string under a `text` key, however deep. */
export function textLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + textLength(v), 0);
  if (!isJson(value)) return 0;
  let n = 0;
  for (const [key, v] of Object.entries(value)) n += key === 'text' && typeof v === 'string' ? v.length : textLength(v);
  return n;
}

const CUT_NOTE: Json = {
  type: 'context',
  elements: [{ type: 'mrkdwn', text: '_…cut here: the rest does not fit in one Slack message._' }],
};

/** Keeps the blocks that fit `maxBlocks` and `maxChars`, then the note and a closing row of buttons. */
function cut(blocks: Json[], maxBlocks: number, maxChars: number): Json[] {
  if (blocks.length <= maxBlocks && textLength(blocks) <= maxChars) return blocks;
  const last = blocks.at(-1);
  const tail = last?.type === 'actions' ? [last] : [];
  const body = tail.length ? blocks.slice(0, -1) : blocks;
  let room = maxChars - textLength(tail) - textLength(CUT_NOTE);
  const kept: Json[] = [];
  for (const b of body) {
    const n = textLength(b);
    if (kept.length + 1 + tail.length + 1 > maxBlocks || n > room) break;
    kept.push(b);
    room -= n;
  }
  return [...kept, CUT_NOTE, ...tail];
}

const fitEach = (blocks: readonly unknown[]): Json[] =>
  blocks.flatMap((b): Json[] => {
    const fitted = isJson(b) ? block(b) : undefined;
    return fitted ? [fitted] : [];
  });

// The fitted JSON has the shape it came in with, minus what was cut: the one cast back to Block Kit's types.
const asBlocks = (blocks: Json[]): KnownBlock[] => blocks as unknown as KnownBlock[];

/** A message's blocks, fitted: at most 50 blocks and LIMITS.messageChars characters of text. */
export function fitMessageBlocks(blocks: readonly KnownBlock[]): KnownBlock[] {
  return asBlocks(cut(fitEach(blocks), LIMITS.blocksPerMessage, LIMITS.messageChars));
}

/**
 * A modal or the Home tab, fitted: title and buttons, at most 100 blocks. private_metadata is ours (JSON we
 * read back), so it is never cut: one too long is a bug, and fails here rather than at Slack.
 */
export function fitView<V extends ModalView | HomeView>(view: V): V {
  if ((view.private_metadata?.length ?? 0) > LIMITS.privateMetadata)
    throw new Error(
      `private_metadata of ${view.callback_id ?? view.type} is over ${LIMITS.privateMetadata} characters`,
    );
  const blocks = asBlocks(cut(fitEach(view.blocks), LIMITS.blocksPerView, Number.POSITIVE_INFINITY));
  if (view.type === 'home') return { ...view, blocks };
  const out: ModalView = { ...view, blocks, title: { ...view.title, text: clip(view.title.text, LIMITS.viewTitle) } };
  if (view.submit) out.submit = { ...view.submit, text: clip(view.submit.text, LIMITS.viewButton) };
  if (view.close) out.close = { ...view.close, text: clip(view.close.text, LIMITS.viewButton) };
  return out as V;
}
