import type { KnownBlock } from '@slack/types';
import type { DigestDelivery } from '../../domain/reminders/delivery';
import { dayIn, formatDay, formatTime } from '../../domain/reminders/calendar';
import type { DigestStatus } from '../../domain/digest/service';
import { DAY_NAMES, type Digest, type DigestList, isQuietWeek } from '../../domain/digest/model';
import { type ReminderMessage, reminderMetadata } from './reminder';
import { context, divider, esc, header, linesToSections, type Message, message, section, strong } from './text';

/**
 * The weekly digest message: wins, risks, QBRs this week and next, stalled runs. Every partner
 * name and title is the user's text, escaped once here. In a channel shared outside the company
 * health stays out (as for every post there) unless partneros.yml allows it.
 */

const STAGE_WORDS = (s: string) => s.replace('_', ' ');

function lines<T>(title: string, l: DigestList<T>, line: (t: T) => string): string[] {
  if (l.total === 0) return [];
  const more = l.total - l.items.length;
  return [
    `*${title}* (${l.total})`,
    ...l.items.map((t) => `• ${line(t)}`),
    ...(more > 0 ? [`• …and ${more} more`] : []),
  ];
}

export function renderDigest(d: DigestDelivery, options: { healthAllowed: boolean }): ReminderMessage {
  const g: Digest = d.payload.digest;
  const year = Number(g.from.slice(0, 4));
  const day = (iso: string) => formatDay(iso, year);
  const scope = g.scope === 'mine' ? 'your partners' : `the program (${g.partners} partners)`;
  const title = `Weekly partner digest · ${day(g.from)} – ${day(g.to)}`;
  const blocks: KnownBlock[] = [header(title), context(`The week for ${scope}. Times in ${esc(g.zone)}.`)];
  if (isQuietWeek(g)) {
    blocks.push(...linesToSections(['A quiet week: no wins, no risks, no QBRs due and no stalled runs.']));
  } else {
    const wins = [
      ...lines(
        'Stage moves up',
        g.wins.stageUps,
        (s) => `${strong(s.partner)}: ${STAGE_WORDS(s.from)} → ${STAGE_WORDS(s.to)}`,
      ),
      ...lines('Milestones done', g.wins.milestonesDone, (m) => `${strong(m.partner)}: ${esc(m.title)}`),
      ...lines('QBRs held', g.wins.qbrsHeld, (q) => `${strong(q.partner)} on ${day(q.on)}`),
    ];
    const drops = options.healthAllowed
      ? lines('Health drops', g.risks.healthDrops, (h) => {
          const was = h.from === null ? '' : `${h.from} → `;
          return `${strong(h.partner)}: ${was}${h.to}${h.reason ? ` (${esc(h.reason)})` : ''}`;
        })
      : [];
    const risks = [
      ...drops,
      ...lines('Overdue', g.risks.overdue, (m) => `${strong(m.partner)}: ${esc(m.title)} (due ${day(m.dueOn)})`),
      ...lines('Quiet', g.risks.quiet, (q) => `${strong(q.partner)}: no activity since ${day(q.since)}`),
    ];
    const qbrs = [
      ...lines('This week', g.qbrs.thisWeek, (q) => `${strong(q.partner)}: ${day(q.dueOn)}`),
      ...lines('Next week', g.qbrs.nextWeek, (q) => `${strong(q.partner)}: ${day(q.dueOn)}`),
    ];
    const stalled = lines('Runs with no step for 7 days or more', g.stalledRuns, (r) => {
      const what = r.permalink ? `<${r.permalink}|${esc(r.playbook)}>` : esc(r.playbook);
      return `${strong(r.partner)}: ${what} (last step ${day(r.since)})`;
    });
    for (const [heading, part] of [
      ['🏆 Wins', wins],
      ['⚠️ Risks', risks],
      ['📅 QBRs', qbrs],
      ['⏸️ Stalled', stalled],
    ] as const) {
      if (part.length === 0) continue;
      blocks.push(divider(), ...linesToSections([`*${heading}*`, ...part]));
    }
    if (!options.healthAllowed && g.risks.healthDrops.total > 0)
      blocks.push(context('Health is left out here: this channel is shared outside the company.'));
  }
  blocks.push(
    context(
      g.scope === 'mine'
        ? 'Turn this off with `/partner digest off`.'
        : 'Sent every week to this channel (`digest.channel`). A DM about your own partners: `/partner digest on`.',
    ),
  );
  return { ...message(title, blocks), metadata: reminderMetadata(d.key) };
}

/** The answer to `/partner digest [on|off]`. */
export function renderDigestStatus(action: 'on' | 'off' | 'status', s: DigestStatus, changed: boolean): Message {
  const when = `every ${DAY_NAMES[s.day]} at ${String(s.hour).padStart(2, '0')}:00 (${esc(s.zone)})`;
  const next = s.next ? ` The next one: ${formatDay(dayIn(s.next, s.zone))} ${formatTime(s.next, s.zone)}.` : '';
  const channel = s.channel ? ` The whole program's digest also goes to <#${s.channel}>.` : '';
  let text: string;
  if (action === 'on')
    text = `${changed ? ':white_check_mark: Weekly digest on' : 'Your weekly digest was already on'}: a DM from PartnerOS ${when} about the partners you own — wins, risks, QBRs this week and next, stalled runs.${next} Stop it with \`/partner digest off\`.`;
  else if (action === 'off')
    text = changed
      ? ':white_check_mark: Weekly digest off: no more DMs. Turn it back on with `/partner digest on`.'
      : 'Your weekly digest was already off. Turn it on with `/partner digest on`.';
  else
    text = s.on
      ? `Your weekly digest is on: a DM ${when}.${next} Stop it with \`/partner digest off\`.`
      : `Your weekly digest is off. \`/partner digest on\` sends you a DM ${when} about the partners you own.`;
  return message(text.replace(/<#[^>]*>|[*_`]/g, ''), [section(text + channel)]);
}
