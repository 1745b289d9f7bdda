import type { KnownBlock } from '@slack/types';
import type { ListFilter } from '../../domain/commands/parse';
import type { Partner } from '../../domain/partners/model';
import type { PartnerPage, PartnerRecord } from '../../domain/partners/service';
import { editPartnerButton } from './edit-partner-modal';
import { fillTemplateButton } from './fill-template-modal';
import { startPlaybookButton } from './start-playbook-modal';
import { healthBadge, healthText, stageText } from './partner-format';
import { addPartnerButton } from './help';
import { channel, context, esc, escClip, linesToSections, message, section, strong, user, type Message } from './text';

/**
 * Long texts are cut in `show` (counted once escaped) so the whole record stays within one message, whatever
 * they are made of; `note` keeps them whole.
 */
const SHOWN_NOTE = 700;
const SHOWN_REASON = 200;
const SHOWN_TITLE = 160;
const SHOWN_MILESTONES = 15;
/**
 * A list line shows at most this much of a name and a tier, counted once escaped: a full page of 50 lines then
 * stays within one message, whatever the names are made of.
 */
const LINE_NAME = 100;
const LINE_TIER = 40;

const dateOf = (iso: string): string => iso.slice(0, 10);

/** One line of a list: badge, name, tier, stage, owner. */
export function partnerLine(p: Partner): string {
  return `${healthBadge(p.health)} ${strong(p.name, LINE_NAME)} · ${escClip(p.tier, LINE_TIER)} · ${stageText(p.stage)} · ${user(p.ownerUserId)}`;
}

function describeFilter(filter: ListFilter): string {
  const parts = [
    filter.tier && `tier ${esc(filter.tier)}`,
    filter.stage && `stage ${stageText(filter.stage)}`,
    filter.ownerUserId && `owned by ${user(filter.ownerUserId)}`,
  ];
  return parts.filter(Boolean).join(', ');
}

export function renderPartnerList(page: PartnerPage, filter: ListFilter): Message {
  const which = describeFilter(filter);
  if (page.total === 0) {
    const text = which ? `No partners match ${which}.` : 'No partners yet.';
    return message(text, [
      section(`${text} Add one with \`/partner add "Acme Corp" tier=Gold\`${which ? ', or drop a filter' : ''}.`),
      addPartnerButton(),
    ]);
  }
  const first = (page.page - 1) * page.pageSize + 1;
  const last = first + page.partners.length - 1;
  const title = `*Partners${which ? ` — ${which}` : ''}* (${page.total})`;
  const blocks: KnownBlock[] = [section(title), ...linesToSections(page.partners.map(partnerLine))];
  const more = page.page < page.pages ? ` · next: \`/partner list ${nextPageArgs(filter, page.page + 1)}\`` : '';
  blocks.push(
    context(
      `Showing ${first}–${last} of ${page.total}${page.pages > 1 ? ` · page ${page.page} of ${page.pages}` : ''}${more} · details: \`/partner show "Name"\``,
    ),
  );
  const fallback = `${page.total} partner${page.total === 1 ? '' : 's'}: ${page.partners
    .slice(0, 20)
    .map((p) => esc(p.name))
    .join(', ')}${page.total > 20 ? ', …' : ''}`;
  return message(fallback, blocks);
}

function nextPageArgs(filter: ListFilter, page: number): string {
  const args = [
    filter.tier && `tier=${filter.tier.includes(' ') ? `"${esc(filter.tier)}"` : esc(filter.tier)}`,
    filter.stage && `stage=${filter.stage}`,
    filter.ownerUserId && `owner=<@${filter.ownerUserId}>`,
    `page=${page}`,
  ];
  return args.filter(Boolean).join(' ');
}

/** The whole record, for `/partner show`. */
export function renderPartnerRecord(r: PartnerRecord): Message {
  const p = r.partner;
  const blocks: KnownBlock[] = [];
  const archived = p.archivedAt ? `  _(archived ${dateOf(p.archivedAt)})_` : '';
  blocks.push(section(`${healthBadge(p.health)} ${strong(p.name)}${archived}`));
  blocks.push({
    type: 'section',
    fields: [
      ['Tier', esc(p.tier)],
      ['Stage', stageText(p.stage)],
      ['Type', p.type ?? '_not set_'],
      ['Health', healthText(p.health)],
      ['Owner', user(p.ownerUserId)],
      ['Channel', channel(p.channelId)],
      ['Vertical', p.vertical ? esc(p.vertical) : '_not set_'],
      ['Added', `${dateOf(p.createdAt)} by ${user(p.createdBy)}`],
    ].map(([k, v]) => ({ type: 'mrkdwn' as const, text: `*${k}*\n${v}` })),
  });

  if (r.health.length) {
    const lines = r.health.map((h) => {
      const was = h.previous === null ? '' : ` (was ${h.previous})`;
      return `• ${healthText(h.score)}${was} · ${dateOf(h.at)} · ${user(h.user_id)}${h.note ? ` — ${escClip(h.note, SHOWN_REASON)}` : ''}`;
    });
    blocks.push(section(`*Health, latest changes*\n${lines.join('\n')}`));
  }

  const milestones = r.openMilestones
    .slice(0, SHOWN_MILESTONES)
    .map(
      (m) =>
        `• ${m.dueOn} — ${escClip(m.title, SHOWN_TITLE)}${m.overdue ? '  ⚠️ *overdue*' : m.dueToday ? '  📅 *due today*' : ''}`,
    );
  if (r.openMilestones.length > SHOWN_MILESTONES)
    milestones.push(`_…and ${r.openMilestones.length - SHOWN_MILESTONES} more_`);
  blocks.push(
    section(
      `*Open milestones*\n${milestones.length ? milestones.join('\n') : '_None._ Add one: `/partner milestone "Name" "Title" YYYY-MM-DD`'}`,
    ),
  );

  if (r.notes.length) {
    blocks.push(section(`*Latest notes* (${r.noteCount})`));
    for (const n of r.notes) {
      // Each note is its own text object, so mrkdwn in it cannot restyle anything around it.
      blocks.push(section(escClip(n.text, SHOWN_NOTE)));
      blocks.push(context(`${user(n.user_id)} · ${dateOf(n.at)}`));
    }
  } else {
    blocks.push(section('*Notes*\n_None yet._ Add one: `/partner note "Name" text`'));
  }
  if (!p.archivedAt)
    blocks.push({ type: 'actions', elements: [editPartnerButton(p), fillTemplateButton(p), startPlaybookButton(p)] });
  const overdue = r.openMilestones.filter((m) => m.overdue).length;
  const fallback = `${esc(p.name)}: ${esc(p.tier)}, ${stageText(p.stage)}, health ${p.health ?? 'not set'}, ${r.openMilestones.length} open milestone(s)${overdue ? `, ${overdue} overdue` : ''}.`;
  return message(fallback, blocks);
}
