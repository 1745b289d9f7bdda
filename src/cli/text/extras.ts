import type { Outcome } from '../../domain/commands/run';
import { DAY_NAMES } from '../../domain/digest/model';
import { dayIn, formatDay, formatTime } from '../../domain/reminders/calendar';

/** Outcomes whose work happens in Slack (a form, a file shared there, a DM): what the terminal can say of them. */
type SlackOnly = Extract<Outcome, { kind: 'settings' | 'report' | 'qbrInvite' | 'digest' }>;

export function slackOnlyText(outcome: SlackOnly): string {
  switch (outcome.kind) {
    case 'settings':
      return outcome.access.allowed
        ? 'The settings are changed in a form in Slack: type /partner settings there.'
        : `Only this workspace's PartnerOS admins change its settings: ${outcome.access.admins.join(', ')}.`;
    case 'report':
      return 'Reports are files shared in Slack: type /partner report there (the report and its chart come where you type it).';
    case 'qbrInvite':
      return `The calendar file for ${outcome.invite.partner.name}'s QBR is sent to your DM in Slack: type /partner qbr-invite there.`;
    case 'digest': {
      const s = outcome.status;
      const when = `every ${DAY_NAMES[s.day]} at ${String(s.hour).padStart(2, '0')}:00 (${s.zone})`;
      const next = s.next ? ` The next one: ${formatDay(dayIn(s.next, s.zone))} ${formatTime(s.next, s.zone)}.` : '';
      if (outcome.action === 'on')
        return `Weekly digest ${outcome.changed ? 'on' : 'was already on'}: a DM in Slack ${when} about the partners you own.${next}`;
      if (outcome.action === 'off')
        return outcome.changed ? 'Weekly digest off: no more DMs.' : 'The weekly digest was already off.';
      return s.on ? `Your weekly digest is on: a DM ${when}.${next}` : 'Your weekly digest is off.';
    }
  }
}
