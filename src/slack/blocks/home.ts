import type { HomeView, KnownBlock } from '@slack/types';
import type { Partner } from '../../domain/partners/model';
import type { UpcomingList } from '../../domain/reminders/upcoming';
import { IDS } from '../ids';
import { partnerLine } from './partner';
import { reminderLine } from './reminder-list';
import { LIMITS, context, divider, header, linesToSections, section } from './text';

export const HOME_PARTNER_LIMIT = 60;
const HOME_REMINDER_LIMIT = 10;

/** Overdue first, then what falls due soon: the first few, with the command for the rest. */
function dueSection(list: UpcomingList): KnownBlock[] {
  const year = Number(list.today.slice(0, 4));
  const items = [...list.overdue, ...list.soon];
  const heading = `*Due and overdue* (${list.overdue.length} overdue, ${list.soon.length} in the next 30 days)`;
  if (items.length === 0) return [section(`${heading}\nNothing is due for your partners. 🎉`)];
  const more = items.length > HOME_REMINDER_LIMIT ? [context(`Showing ${HOME_REMINDER_LIMIT} of ${items.length}. All of them: \`/partner reminders\``)] : [];
  return [...linesToSections([heading, ...items.slice(0, HOME_REMINDER_LIMIT).map((i) => reminderLine(i, year))]), ...more];
}

/** App Home: the user's own partners and the buttons to get going. */
export function renderHome(mine: readonly Partner[], totalMine: number, due?: UpcomingList): HomeView {
  const blocks: KnownBlock[] = [
    header('PartnerOS'),
    section('Your partner program, in Slack: partner memory, a library of partner-program templates (`/partner templates`) and reminders (QBRs, milestones, falling health, quiet partners); playbooks with a coach are on their way.'),
    {
      type: 'actions',
      elements: [
        { type: 'button', action_id: IDS.partnerAddOpen, style: 'primary', text: { type: 'plain_text', text: 'Add partner' } },
        { type: 'button', action_id: IDS.helpOpen, text: { type: 'plain_text', text: 'All commands' } },
      ],
    },
    divider(),
    section(`*My partners* (${totalMine})`),
  ];
  if (mine.length === 0) {
    blocks.push(section('_You don’t own any partners yet._ Add one with the button above or `/partner add "Acme Corp" tier=Gold`.'));
  } else {
    blocks.push(...linesToSections(mine.map(partnerLine)));
    if (totalMine > mine.length) blocks.push(context(`Showing ${mine.length} of ${totalMine}. All of them: \`/partner list mine\``));
  }
  if (due && totalMine > 0) blocks.push(divider(), ...dueSection(due));
  blocks.push(context('Details: `/partner show "Name"` · everything else: `/partner help`'));
  return { type: 'home', blocks: blocks.slice(0, LIMITS.blocksPerView) };
}
