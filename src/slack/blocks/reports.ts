import type { QbrInvite } from '../../domain/calendar/invites';
import type { Partner } from '../../domain/partners/model';
import type { PortfolioScope } from '../../domain/reports/data';
import { dayIn, formatDay, formatTime } from '../../domain/reminders/calendar';
import type { Shared } from '../files';
import { context, esc, message, section, strong, type Message } from './text';

/** What `/partner report` and the QBR calendar files say in Slack: the ack, then where the file went. */

export type ReportTarget = { partner: Partner } | { scope: PortfolioScope };

export function renderReportStarted(target: ReportTarget): Message {
  if ('partner' in target)
    return message(`Preparing the report for ${target.partner.name}…`, [
      section(`📊 Preparing the report for ${strong(target.partner.name)}… the file will be posted in a moment.`),
    ]);
  const what =
    target.scope === 'all' ? 'the portfolio report (every partner)' : 'the portfolio report of the partners you own';
  return message(`Preparing ${what}…`, [section(`📊 Preparing ${what}… the file will be posted in a moment.`)]);
}

/** Where the files went, or why they did not, in one sentence. */
function whereLine(shared: Shared, files: string, what: string): string {
  if (!shared.ok)
    return `⚠️ Slack refused ${what} (\`${esc(shared.error)}\`). Nothing is lost: run the same command again in a minute, or in a channel I’m in.`;
  const here = `${files} ${shared.movedToDm ? 'are in your DM with me' : `are in <#${shared.channelId}>`}`;
  if (!shared.movedToDm) return `📎 ${here}.`;
  if (shared.movedBecause === 'shared_channel')
    return `📎 ${here}: the channel you typed in is shared outside your company, and reports hold health scores and notes. To allow them there, set \`privacy.internal_details_in_shared_channels: true\` in partneros.yml.`;
  return `📎 ${here}: I’m not in the channel you typed in (\`${esc(shared.movedBecause ?? '')}\`). To get files there, \`/invite @PartnerOS\`.`;
}

export interface DeliveredReport {
  readonly title: string;
  readonly fileName: string;
  readonly shared: Shared;
  /** A few facts from the report, one line. */
  readonly highlights: string;
}

export function renderReportDelivered(r: DeliveredReport): Message {
  const link =
    r.shared.ok && r.shared.permalinks[0] ? `<${r.shared.permalinks[0]}|${esc(r.fileName)}>` : esc(r.fileName);
  const line = whereLine(r.shared, `${link} and its health chart`, 'the report');
  return message(`${r.title}: ${r.shared.ok ? 'posted' : `upload failed (${r.shared.error})`}.`, [
    section(`📊 ${strong(r.title)}\n${line}`),
    context(r.highlights),
  ]);
}

/** "Tue 10 Feb 2026, 09:00–10:00 (America/New_York)". */
export function inviteWhen(invite: QbrInvite): string {
  const { start, end } = invite.event;
  const day = dayIn(start, invite.zone);
  return `${formatDay(day)} ${day.slice(0, 4)}, ${formatTime(start, invite.zone)}–${formatTime(end, invite.zone)} (${esc(invite.zone)})`;
}

function inviteNote(invite: QbrInvite): string | undefined {
  const due = invite.qbrDueOn ? `${formatDay(invite.qbrDueOn)} ${invite.qbrDueOn.slice(0, 4)}` : undefined;
  if (invite.moved === 'overdue')
    return `The QBR was due ${due} and is overdue: the event is at the next reminder hour. Once it is held, record it with \`/partner qbr-held\`.`;
  if (invite.moved === 'chosen') return `At the time you gave, in your time zone. The QBR falls due ${due}.`;
  return 'On the QBR’s due day at the reminder hour, in the owner’s time zone.';
}

export function renderInviteStarted(invite: QbrInvite): Message {
  const name = invite.partner.name;
  return message(`Sending you the calendar file for the QBR with ${name}…`, [
    section(`📅 Sending you the calendar file for the QBR with ${strong(name)} — ${inviteWhen(invite)}…`),
  ]);
}

export function renderInviteDelivered(invite: QbrInvite, shared: Shared): Message {
  const name = invite.partner.name;
  const note = inviteNote(invite);
  if (!shared.ok)
    return message(`The calendar file for the QBR with ${name} could not be sent (${shared.error}).`, [
      section(
        `⚠️ Slack refused the calendar file for the QBR with ${strong(name)} (\`${esc(shared.error)}\`). Nothing is lost: try again in a minute.`,
      ),
    ]);
  const file = shared.permalinks[0]
    ? `<${shared.permalinks[0]}|${esc(invite.event.fileName)}>`
    : esc(invite.event.fileName);
  return message(`The calendar file for the QBR with ${name} is in your DM with PartnerOS.`, [
    section(
      `📅 ${file} — the QBR with ${strong(name)}, ${inviteWhen(invite)} — is in your DM with me. Open it to add the meeting to your calendar.`,
    ),
    ...(note ? [context(note)] : []),
  ]);
}
