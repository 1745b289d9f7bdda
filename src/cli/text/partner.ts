import type { ListFilter } from '../../domain/commands/parse';
import type { Partner } from '../../domain/partners/model';
import type { Change, PartnerPage, PartnerRecord } from '../../domain/partners/service';
import { badge, columns, dateOf, healthText, indented, lines, person, place, runHint, stageText } from './format';

/** Partners as the terminal shows them: the same facts as the Slack replies, as plain lines. */

function describeFilter(filter: ListFilter): string {
  return [
    filter.tier && `tier ${filter.tier}`,
    filter.stage && `stage ${stageText(filter.stage)}`,
    filter.ownerUserId && `owned by ${person(filter.ownerUserId)}`,
  ]
    .filter(Boolean)
    .join(', ');
}

export function partnerList(page: PartnerPage, filter: ListFilter): string {
  const which = describeFilter(filter);
  if (page.total === 0)
    return lines(
      which ? `No partners match ${which}.` : 'No partners yet.',
      `Add one: ${runHint('add "Acme Corp" tier=Gold')}`,
    );
  const first = (page.page - 1) * page.pageSize + 1;
  const last = first + page.partners.length - 1;
  const rows = page.partners.map((p) => [badge(p.health), p.name, p.tier, stageText(p.stage), person(p.ownerUserId)]);
  const more = page.page < page.pages ? ` · next: list … page=${page.page + 1}` : '';
  return lines(
    `Partners${which ? ` — ${which}` : ''} (${page.total})`,
    columns(rows),
    `Showing ${first}–${last} of ${page.total}${page.pages > 1 ? ` · page ${page.page} of ${page.pages}` : ''}${more}`,
  );
}

export function partnerRecord(r: PartnerRecord): string {
  const p = r.partner;
  const facts = columns([
    ['Tier', p.tier],
    ['Stage', stageText(p.stage)],
    ['Type', p.type ?? 'not set'],
    ['Health', healthText(p.health)],
    ['Owner', person(p.ownerUserId)],
    ['Channel', place(p.channelId)],
    ['Vertical', p.vertical ?? 'not set'],
    ['Added', `${dateOf(p.createdAt)} by ${person(p.createdBy)}`],
  ]);
  const health = r.health.map((h) => {
    const was = h.previous === null ? '' : ` (was ${h.previous})`;
    return `  • ${healthText(h.score)}${was} · ${dateOf(h.at)} · ${person(h.user_id)}${h.note ? ` — ${h.note}` : ''}`;
  });
  const milestones = r.openMilestones.map(
    (m) => `  • ${m.dueOn} — ${m.title}${m.overdue ? '  ⚠️ overdue' : m.dueToday ? '  📅 due today' : ''}`,
  );
  const notes = r.notes.flatMap((n) => [`  • ${dateOf(n.at)} · ${person(n.user_id)}`, indented(n.text, '    ')]);
  return lines(
    `${badge(p.health)} ${p.name}${p.archivedAt ? `  (archived ${dateOf(p.archivedAt)})` : ''}`,
    facts,
    r.health.length > 0 && ['', 'Health, latest changes', ...health],
    '',
    'Open milestones',
    milestones.length ? milestones : '  None.',
    '',
    r.notes.length ? `Latest notes (${r.notes.length} of ${r.noteCount})` : 'Notes',
    r.notes.length ? notes : '  None yet.',
  );
}

/** "tier set to Gold (was Silver)": the change in words, with the contract's verbs. */
export function describeChange(c: Change): string {
  const was = (v: string) => ` (was ${v})`;
  const p = c.partner;
  switch (c.action) {
    case 'added':
      return `added — tier ${p.tier}, stage ${stageText(p.stage)}, owner ${person(p.ownerUserId)}${p.channelId ? `, channel ${place(p.channelId)}` : ''}`;
    case 'tier':
      return `tier set to ${String(c.after)}${c.before ? was(String(c.before)) : ''}`;
    case 'stage':
      return `stage set to ${stageText(String(c.after))}${c.before ? was(stageText(String(c.before))) : ''}`;
    case 'owner':
      return `owner set to ${person(String(c.after))}${c.before ? was(person(String(c.before))) : ''}`;
    case 'channel':
      return `channel set to ${place(String(c.after))}${c.before ? was(place(String(c.before))) : ''}`;
    case 'health':
      return `health set to ${healthText(typeof c.after === 'number' ? c.after : null)}${typeof c.before === 'number' ? was(String(c.before)) : ''}`;
    case 'note':
      return 'note added';
    case 'milestone':
      return `milestone “${c.detail ?? ''}” added, due ${c.dueOn ?? ''}`;
    case 'done':
      return `milestone “${c.detail ?? ''}” marked done`;
    case 'archived':
      return 'archived';
    case 'type':
      return `type set to ${String(c.after ?? 'none')}${c.before ? was(String(c.before)) : ''}`;
    case 'vertical':
      return `vertical set to ${String(c.after ?? 'none')}${c.before ? was(String(c.before)) : ''}`;
    case 'qbr':
      return c.unchanged
        ? `QBR held on ${String(c.after)} is already recorded; next QBR due ${c.dueOn ?? ''}`
        : `QBR held on ${String(c.after)} added; next QBR set to ${c.dueOn ?? ''}`;
  }
}

export function changeReply(c: Change): string {
  const what = describeChange(c);
  const name = c.partner.name;
  if (c.unchanged) {
    const already = `${what.replace(/ set to /, ' is already ').replace(/ \(was .*\)$/, '')} — nothing changed.`;
    return lines(`${name}: ${already}`);
  }
  const detail = (c.action === 'note' || c.action === 'health') && c.detail ? indented(c.detail, '  > ') : undefined;
  return lines(
    `✅ ${name}: ${what}`,
    c.warning && `⚠️ ${c.warning}`,
    detail,
    c.action === 'added' && `See it: ${runHint(`show "${name}"`)}`,
  );
}

export function archiveConfirm(partner: Partner, typed: string): string {
  return lines(
    `Archive ${partner.name}? “${typed}” is not its exact name, so nothing was archived.`,
    'Archiving keeps its record, notes and history, but hides it from lists and App Home, stops its reminders and playbooks, and no one can change it afterwards.',
    `To archive it, name it exactly: ${runHint(`archive "${partner.name}"`)}`,
  );
}
