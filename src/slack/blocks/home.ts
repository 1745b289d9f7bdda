import type { HomeView, KnownBlock } from '@slack/types';
import type { Partner } from '../../domain/partners/model';
import { IDS } from '../ids';
import { partnerLine } from './partner';
import { LIMITS, context, divider, header, linesToSections, section } from './text';

export const HOME_PARTNER_LIMIT = 60;

/** App Home: the user's own partners and the buttons to get going. */
export function renderHome(mine: readonly Partner[], totalMine: number): HomeView {
  const blocks: KnownBlock[] = [
    header('PartnerOS'),
    section('Your partner program, in Slack: partner memory and reminders (QBRs, milestones, falling health, quiet partners) now; playbooks with a coach and templates are on their way. What is due: `/partner reminders`.'),
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
  blocks.push(context('Details: `/partner show "Name"` · everything else: `/partner help`'));
  return { type: 'home', blocks: blocks.slice(0, LIMITS.blocksPerView) };
}
