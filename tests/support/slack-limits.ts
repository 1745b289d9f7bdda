/**
 * Slack's own limits on what an app sends, checked the way Slack checks them: a message or view that breaks one
 * is refused with the error code Slack answers (`invalid_blocks`, `invalid_arguments`, `msg_too_long`,
 * `msg_blocks_too_long`, `view_too_large`) and Slack-style details, one per broken rule:
 *   `[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]`
 * The numbers are Slack's (Block Kit reference and @slack/types), kept here on their own so that a wrong
 * limit in the app's LIMITS cannot hide itself. Lengths count UTF-16 units, the stricter of the two ways
 * Slack might count. This file holds the numbers and the rules block by block; slack-verdicts.ts applies them
 * to a whole message, view or ack body.
 */

export const SLACK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  /** Any text object without a tighter limit (context elements). */
  text: 3000,
  fields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  /** block_id, action_id, callback_id, external_id. */
  id: 255,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  accessibilityLabel: 75,
  optionText: 75,
  optionDescription: 75,
  /** Slack's option-object page says 150; @slack/types says 75. The fake takes Slack's word, the app stays ≤75. */
  optionValue: 150,
  selectOptions: 100,
  optionGroups: 100,
  optionGroupLabel: 75,
  /** checkboxes and radio_buttons. */
  choiceOptions: 10,
  overflowOptions: 5,
  placeholder: 150,
  label: 2000,
  hint: 2000,
  inputLength: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  altText: 2000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  viewBytes: 250_000,
  /** Per markdown block, and summed over every markdown block of a payload. */
  markdownText: 12_000,
  tableRows: 100,
  tableCells: 20,
  /**
   * Message `text`: Slack documents truncation at 40,000 characters, but answers `msg_too_long` from about
   * 4,000 today (a Slack engineer confirmed the smaller limit); the fake refuses from 4,001.
   */
  messageText: 4000,
  /**
   * Summed text of a message's blocks (markdown blocks aside): refused as `msg_blocks_too_long` though no
   * documented limit is reached; seen refused at 11,341 characters, accepted at 9,597 (markdown blocks alone
   * went to about 13,000). The fake refuses above 11,000.
   */
  messageBlockChars: 11_000,
} as const;

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Block types Slack knows (@slack/types KnownBlock); anything else is refused as unsupported. */
const KNOWN_BLOCKS = new Set([
  'actions',
  'alert',
  'card',
  'carousel',
  'container',
  'context',
  'context_actions',
  'data_table',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'plan',
  'rich_text',
  'section',
  'table',
  'task_card',
  'video',
]);

/** Collects `[ERROR] … [json-pointer:…]` lines for one payload. */
export class Problems {
  readonly list: string[] = [];

  add(path: string, rule: string): void {
    this.list.push(`[ERROR] ${rule} [json-pointer:${path}]`);
  }

  /** A string field: optional unless `required`; at most `max` characters, at least one when required. */
  string(value: unknown, path: string, max: number, required = false): void {
    if (value === undefined) {
      if (required) this.add(path, 'missing required field');
    } else if (typeof value !== 'string') {
      this.add(path, 'must be a string');
    } else {
      if (value.length === 0 && required) this.add(path, 'must be more than 0 characters');
      if (value.length > max) this.add(path, `must be less than ${max + 1} characters (got ${value.length})`);
    }
  }

  /** A text object `{type, text}`; `plain` when Slack only takes plain_text there. */
  text(value: unknown, path: string, max: number, options: { required?: boolean; plain?: boolean } = {}): void {
    const { required = true, plain = false } = options;
    if (value === undefined) {
      if (required) this.add(path, 'missing required field');
      return;
    }
    if (!isObject(value)) {
      this.add(path, 'must be a text object');
      return;
    }
    if (plain ? value.type !== 'plain_text' : value.type !== 'plain_text' && value.type !== 'mrkdwn')
      this.add(`${path}/type`, plain ? 'must be plain_text' : 'must be plain_text or mrkdwn');
    this.string(value.text, `${path}/text`, max, true);
  }

  /** An array of min..max items (default at least one); what it holds, to check item by item. */
  items(value: unknown, path: string, max: number, min = 1): unknown[] {
    if (value === undefined) {
      if (min > 0) this.add(path, 'missing required field');
      return [];
    }
    if (!Array.isArray(value)) {
      this.add(path, 'must be an array');
      return [];
    }
    if (value.length < min) this.add(path, `must have at least ${min} item${min === 1 ? '' : 's'}`);
    if (value.length > max) this.add(path, `no more than ${max} items allowed (got ${value.length})`);
    return value;
  }
}

function checkConfirm(p: Problems, confirm: unknown, path: string): void {
  if (confirm === undefined) return;
  if (!isObject(confirm)) {
    p.add(path, 'must be an object');
    return;
  }
  p.text(confirm.title, `${path}/title`, SLACK_LIMITS.confirmTitle, { plain: true });
  p.text(confirm.text, `${path}/text`, SLACK_LIMITS.confirmText);
  p.text(confirm.confirm, `${path}/confirm`, SLACK_LIMITS.confirmButton, { plain: true });
  p.text(confirm.deny, `${path}/deny`, SLACK_LIMITS.confirmButton, { plain: true });
}

function checkOptions(p: Problems, options: unknown, path: string, max: number, plain: boolean): unknown[] {
  const list = p.items(options, path, max);
  list.forEach((option, i) => {
    const at = `${path}/${i}`;
    if (!isObject(option)) {
      p.add(at, 'must be an option object');
      return;
    }
    p.text(option.text, `${at}/text`, SLACK_LIMITS.optionText, { plain });
    p.string(option.value, `${at}/value`, SLACK_LIMITS.optionValue, true);
    p.text(option.description, `${at}/description`, SLACK_LIMITS.optionDescription, { required: false, plain });
    p.string(option.url, `${at}/url`, SLACK_LIMITS.url);
  });
  return list;
}

const sameOption = (a: unknown, b: unknown): boolean =>
  isObject(a) && isObject(b) && a.value === b.value && JSON.stringify(a.text) === JSON.stringify(b.text);

/** static_select and multi_static_select: options or option groups, and initial options among them. */
function checkSelectOptions(p: Problems, el: Json, path: string): void {
  const all: unknown[] = [];
  if (el.option_groups !== undefined) {
    if (el.options !== undefined) p.add(path, 'must provide options or option_groups, not both');
    const groups = p.items(el.option_groups, `${path}/option_groups`, SLACK_LIMITS.optionGroups);
    groups.forEach((group, g) => {
      const at = `${path}/option_groups/${g}`;
      if (!isObject(group)) {
        p.add(at, 'must be an option group');
        return;
      }
      p.text(group.label, `${at}/label`, SLACK_LIMITS.optionGroupLabel, { plain: true });
      all.push(...checkOptions(p, group.options, `${at}/options`, SLACK_LIMITS.selectOptions, true));
    });
  } else {
    all.push(...checkOptions(p, el.options, `${path}/options`, SLACK_LIMITS.selectOptions, true));
  }
  const single = el.initial_option !== undefined;
  const initial = single ? [el.initial_option] : Array.isArray(el.initial_options) ? el.initial_options : [];
  initial.forEach((o, i) => {
    if (!all.some((known) => sameOption(known, o)))
      p.add(
        single ? `${path}/initial_option` : `${path}/initial_options/${i}`,
        'must match one of the provided options',
      );
  });
}

function checkElement(p: Problems, el: unknown, path: string): void {
  if (!isObject(el)) {
    p.add(path, 'must be an element object');
    return;
  }
  p.string(el.action_id, `${path}/action_id`, SLACK_LIMITS.id);
  p.text(el.placeholder, `${path}/placeholder`, SLACK_LIMITS.placeholder, { required: false, plain: true });
  checkConfirm(p, el.confirm, `${path}/confirm`);
  switch (el.type) {
    case 'button':
      p.text(el.text, `${path}/text`, SLACK_LIMITS.buttonText, { plain: true });
      p.string(el.value, `${path}/value`, SLACK_LIMITS.buttonValue);
      p.string(el.url, `${path}/url`, SLACK_LIMITS.url);
      p.string(el.accessibility_label, `${path}/accessibility_label`, SLACK_LIMITS.accessibilityLabel);
      if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger')
        p.add(`${path}/style`, 'must be primary or danger');
      break;
    case 'static_select':
    case 'multi_static_select':
      checkSelectOptions(p, el, path);
      break;
    case 'overflow':
      checkOptions(p, el.options, `${path}/options`, SLACK_LIMITS.overflowOptions, true);
      break;
    case 'checkboxes':
    case 'radio_buttons':
      checkOptions(p, el.options, `${path}/options`, SLACK_LIMITS.choiceOptions, false);
      break;
    case 'plain_text_input':
      for (const key of ['max_length', 'min_length'] as const) {
        const n = el[key];
        if (typeof n === 'number' && (n < 0 || n > SLACK_LIMITS.inputLength))
          p.add(`${path}/${key}`, `must be between 0 and ${SLACK_LIMITS.inputLength}`);
      }
      p.string(el.initial_value, `${path}/initial_value`, SLACK_LIMITS.inputLength);
      break;
    case 'image':
      p.string(el.alt_text, `${path}/alt_text`, SLACK_LIMITS.altText, true);
      p.string(el.image_url, `${path}/image_url`, SLACK_LIMITS.url);
      break;
    case 'file_input':
      if (el.max_files !== undefined && (typeof el.max_files !== 'number' || el.max_files < 1 || el.max_files > 10))
        p.add(`${path}/max_files`, 'must be between 1 and 10');
      break;
    default:
      break;
  }
}

function checkSection(p: Problems, block: Json, path: string): void {
  if (block.text === undefined && block.fields === undefined) p.add(path, 'must provide text or fields');
  p.text(block.text, `${path}/text`, SLACK_LIMITS.sectionText, { required: false });
  p.items(block.fields, `${path}/fields`, SLACK_LIMITS.fields, 0).forEach((f, i) => {
    p.text(f, `${path}/fields/${i}`, SLACK_LIMITS.fieldText);
  });
  if (block.accessory !== undefined) checkElement(p, block.accessory, `${path}/accessory`);
}

function checkBlock(p: Problems, block: unknown, path: string): void {
  if (!isObject(block)) {
    p.add(path, 'must be a block object');
    return;
  }
  p.string(block.block_id, `${path}/block_id`, SLACK_LIMITS.id);
  if (typeof block.type !== 'string' || !KNOWN_BLOCKS.has(block.type)) {
    p.add(`${path}/type`, `unsupported block type: ${String(block.type)}`);
    return;
  }
  switch (block.type) {
    case 'section':
      checkSection(p, block, path);
      break;
    case 'header':
      p.text(block.text, `${path}/text`, SLACK_LIMITS.headerText, { plain: true });
      break;
    case 'context':
      p.items(block.elements, `${path}/elements`, SLACK_LIMITS.contextElements).forEach((e, i) => {
        if (isObject(e) && e.type === 'image') checkElement(p, e, `${path}/elements/${i}`);
        else p.text(e, `${path}/elements/${i}`, SLACK_LIMITS.text);
      });
      break;
    case 'actions':
      p.items(block.elements, `${path}/elements`, SLACK_LIMITS.actionsElements).forEach((e, i) => {
        checkElement(p, e, `${path}/elements/${i}`);
      });
      break;
    case 'input':
      p.text(block.label, `${path}/label`, SLACK_LIMITS.label, { plain: true });
      p.text(block.hint, `${path}/hint`, SLACK_LIMITS.hint, { required: false, plain: true });
      if (block.element === undefined) p.add(`${path}/element`, 'missing required field');
      else checkElement(p, block.element, `${path}/element`);
      break;
    case 'image':
      p.string(block.alt_text, `${path}/alt_text`, SLACK_LIMITS.altText, true);
      p.string(block.image_url, `${path}/image_url`, SLACK_LIMITS.url);
      p.text(block.title, `${path}/title`, SLACK_LIMITS.altText, { required: false, plain: true });
      break;
    case 'markdown':
      p.string(block.text, `${path}/text`, SLACK_LIMITS.markdownText, true);
      break;
    case 'table':
      p.items(block.rows, `${path}/rows`, SLACK_LIMITS.tableRows).forEach((row, r) => {
        p.items(row, `${path}/rows/${r}`, SLACK_LIMITS.tableCells);
      });
      break;
    default:
      break;
  }
}

/** A list of blocks (a message's, or a view's): how many, each block, and the markdown blocks' shared budget. */
export function checkBlocks(p: Problems, blocks: unknown, path: string, maxBlocks: number): void {
  const list = p.items(blocks, path, maxBlocks, 0);
  list.forEach((b, i) => {
    checkBlock(p, b, `${path}/${i}`);
  });
  const markdown = list.reduce<number>(
    (n, b) => n + (isObject(b) && b.type === 'markdown' && typeof b.text === 'string' ? b.text.length : 0),
    0,
  );
  if (markdown > SLACK_LIMITS.markdownText)
    p.add(path, `markdown blocks must total less than ${SLACK_LIMITS.markdownText + 1} characters (got ${markdown})`);
}

/** Every string under a `text` key, however deep: what Slack sums for `msg_blocks_too_long`. */
export function blockTextChars(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + blockTextChars(v), 0);
  if (!isObject(value)) return 0;
  return Object.entries(value).reduce<number>(
    (n, [key, v]) => n + (key === 'text' && typeof v === 'string' ? v.length : blockTextChars(v)),
    0,
  );
}
