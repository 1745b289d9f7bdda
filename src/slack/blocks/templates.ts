import type { KnownBlock } from '@slack/types';
import { Lexer, type Tokens } from 'marked';
import type { CategoryGroup } from '../../domain/templates/library';
import type { MissingValue } from '../../domain/templates/render';
import type { Category, Template } from '../../domain/templates/schema';
import type { DeliveredDocument } from '../documents';
import { fillAnswersButton, type FillAnswersTarget } from './fill-answers-modal';
import { guidanceBlocks } from './guidance';
import { chunkBlocks, markdownToBlocks } from './markdown';
import { context, divider, esc, header, linesToSections, linesWithin, message, section, type Message } from './text';

const title = (c: string) => c.charAt(0).toUpperCase() + c.slice(1);
const pad = (n: number) => String(n).padStart(2, '0');
const fillCommand = (id: string) => `\`/partner template ${id} "Partner name"\``;

/** What the template lines may take of the catalogue message, a company's own templates included. */
const CATALOGUE_CHARS = 8500;

/** `/partner templates [category]`: each template with its id (what commands take), tier, time and difficulty. */
export function renderCatalogue(groups: readonly CategoryGroup[], total: number, category?: Category): Message {
  const count = groups.reduce((n, g) => n + g.templates.length, 0);
  const blocks: KnownBlock[] = [
    header(category ? `Templates — ${title(category)} (${count})` : `Template library (${total})`),
  ];
  let room = CATALOGUE_CHARS;
  for (const g of groups) {
    blocks.push(section(`*${title(g.category)}* (${g.templates.length})`));
    const lines = g.templates.map((t) => {
      const line = `\`${pad(t.number)}\` \`${t.id}\` — *${esc(t.title)}* · ${esc(t.tier)}+ · ${esc(t.time_required)} · ${t.difficulty}`;
      return category ? `${line}\n      ${esc(t.description)}` : line;
    });
    const { shown, hidden } = linesWithin(lines, room);
    room -= shown.reduce((n, l) => n + l.length + 1, 0);
    const more = category ? '`/partner templates` lists every title' : `\`/partner templates ${g.category}\``;
    blocks.push(...linesToSections(hidden ? [...shown, `_…and ${hidden} more: ${more}_`] : shown));
  }
  blocks.push(
    context(
      `Describe one: \`/partner template <id>\` · fill it for a partner: ${fillCommand('<id>')}${category ? '' : ' · one category: `/partner templates recruitment`'}`,
    ),
  );
  const fallback = `${count} templates${category ? ` in ${category}` : ''}: ${groups
    .flatMap((g) => g.templates.map((t) => t.id))
    .slice(0, 20)
    .join(', ')}`;
  return message(fallback, blocks);
}

/** The section headings of a document, for an outline. */
export function outline(markdown: string): string[] {
  return new Lexer()
    .lex(markdown)
    .filter((t): t is Tokens.Heading => t.type === 'heading' && t.depth >= 2)
    .map((h) => `${'    '.repeat(h.depth - 2)}• ${esc(h.text.replace(/[*_`]/g, ''))}`);
}

/** The description keeps room for the outline and the values: the guidance gets at most this much. */
const GUIDANCE_IN_INFO = { blocks: 12, chars: 5000 } as const;

const variableLine = (v: Template['variables'][number]) =>
  `• \`${v.name}\` — ${esc(v.description)}${v.required ? '' : ' _(optional)_'}`;

/** What the outline and the list of values may take of the message: the rest is the description around them. */
const INFO = { outline: 4000, variables: 3000 } as const;

/** Lines within `budget` characters, and a last line saying how many more there are and where to see them. */
function within(lines: readonly string[], budget: number, rest: string): string[] {
  const { shown, hidden } = linesWithin(lines, budget);
  return hidden ? [...shown, `_…and ${hidden} more ${rest}_`] : shown;
}

/** `/partner template <id>`: what it is for, how to use it, its outline and the values it needs. */
export function renderTemplateInfo(t: Template, blankMarkdown: string): Message {
  const blocks: KnownBlock[] = [
    header(t.title),
    section(`${esc(t.description)}\n\`${t.id}\` · v${esc(t.version)} · updated ${t.last_updated}`),
    {
      type: 'section',
      fields: [
        `*Category*\n${title(t.category)}`,
        `*Lowest tier*\n${esc(t.tier)}`,
        `*Phase*\n${t.phase}`,
        `*Time*\n${esc(t.time_required)}`,
        `*Difficulty*\n${t.difficulty}`,
        `*Skill level*\n${t.skill_level}`,
      ].map((text) => ({ type: 'mrkdwn', text })),
    },
    section(
      `*How to use it*\n${esc(t.purpose)}\nBefore you start:\n${t.prerequisites.map((p) => `• ${esc(p)}`).join('\n')}\nFill it for a partner: ${fillCommand(t.id)}`,
    ),
    ...guidanceBlocks(t, GUIDANCE_IN_INFO),
    ...linesToSections([
      '*Outline*',
      ...within(outline(blankMarkdown), INFO.outline, 'sections: the filled file has them all'),
    ]),
    ...linesToSections([
      '*Values it fills in* (a missing one shows as ‹placeholder› and is listed)',
      ...within(t.variables.map(variableLine), INFO.variables, 'values'),
    ]),
    section(`*You come away with*\n${t.outcomes.map((o) => `• ${esc(o)}`).join('\n')}`),
    context(`Related: ${t.related.map((r) => `\`${r}\``).join(' · ')}`),
  ];
  return message(`${t.title} (${t.id}): ${t.description}`, blocks);
}

export function renderFillStarted(t: Template, partnerName: string): Message {
  return message(`Filling ${t.title} for ${partnerName}…`, [
    section(`📝 Filling *${esc(t.title)}* for *${esc(partnerName)}*… the file will be posted here in a moment.`),
  ]);
}

function missingLines(missing: readonly MissingValue[], fillable: number): string[] {
  const required = missing.filter((m) => m.required);
  const optional = missing.filter((m) => !m.required);
  const lines: string[] = [];
  if (required.length)
    lines.push(`*Still to fill (${required.length}):* ${required.map((m) => `‹${esc(m.label)}›`).join(' · ')}`);
  if (optional.length)
    lines.push(`_Optional, left as placeholders:_ ${optional.map((m) => `‹${esc(m.label)}›`).join(' · ')}`);
  if (!lines.length) return ['✅ Every value is filled in.'];
  const where: string[] = [];
  if (fillable) where.push('*Fill in* below asks for the answers');
  if (missing.some((m) => m.name.startsWith('partner.')))
    where.push('the partner’s details (owner, channel, health) come from `/partner`');
  if (missing.some((m) => m.name.startsWith('company.') || m.name.startsWith('tier.')))
    where.push('company and tier figures come from `partneros.yml`');
  if (where.length) lines.push(`${where.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()));
  return lines;
}

const PREVIEW = { blocks: 30, chars: 6000 } as const;

/** After the upload: where the file is, what is still to fill, and the start of the document as Block Kit. */
export function renderDelivered(
  { filled, upload }: DeliveredDocument,
  fillIn?: { count: number; target: FillAnswersTarget },
): Message {
  const { document, rendered, partner } = filled;
  const where = upload.ok
    ? `📎 ${upload.permalink ? `<${upload.permalink}|${esc(filled.fileName)}>` : esc(filled.fileName)} is in <#${upload.channelId}>${upload.movedToDm ? ` — I’m not in the channel you typed in (\`${upload.movedBecause}\`), so I sent it to you here. To get files there, \`/invite @PartnerOS\`.` : '.'}`
    : `⚠️ *${esc(document.title)}* is saved (version ${document.version}) but Slack refused the file (\`${esc(upload.error)}\`). Nothing is lost: run the same command again in a minute, or in a channel I’m in.`;
  const preview = chunkBlocks(markdownToBlocks(rendered.markdown), PREVIEW.blocks, PREVIEW.chars);
  const first = preview[0] ?? [];
  const more = preview.length > 1;
  const blocks: KnownBlock[] = [
    header(`${filled.template.title} — ${partner.name} v${document.version}`),
    section(where),
    ...linesToSections(missingLines(rendered.missing, fillIn?.count ?? 0)),
    ...(fillIn ? [fillAnswersButton(fillIn.count, fillIn.target)].filter((b) => b !== null) : []),
    divider(),
    ...first,
    context(
      more
        ? `Preview of the beginning. The whole document is in the file (${document.rendered_text.length.toLocaleString('en-US')} characters).`
        : `Filled from \`${filled.template.id}\` v${filled.template.version}.`,
    ),
  ];
  return message(
    `${document.title}: ${upload.ok ? 'file posted' : `upload failed (${upload.error})`}. ${rendered.missing.length} value(s) still to fill.`,
    blocks,
  );
}
