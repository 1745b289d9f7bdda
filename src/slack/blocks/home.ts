import type { HomeView, KnownBlock } from '@slack/types';
import type { Partner } from '../../domain/partners/model';
import type { UpcomingList } from '../../domain/reminders/upcoming';
import type { RunView } from '../../domain/playbooks/run-model';
import { IDS } from '../ids';
import { stepTitle } from './run';
import { settingsButton } from './settings';
import { startPlaybookButton } from './start-playbook-modal';
import { partnerLine } from './partner';
import { reminderLine } from './reminder-list';
import { fitView } from './fit';
import { context, divider, esc, header, linesToSections, section } from './text';

export const HOME_PARTNER_LIMIT = 60;
const HOME_REMINDER_LIMIT = 10;
const HOME_RUN_LIMIT = 10;

/** Overdue first, then what falls due soon: the first few, with the command for the rest. */
function dueSection(list: UpcomingList): KnownBlock[] {
  const year = Number(list.today.slice(0, 4));
  const items = [...list.overdue, ...list.soon];
  const heading = `*Due and overdue* (${list.overdue.length} overdue, ${list.soon.length} in the next 30 days)`;
  if (items.length === 0) return [section(`${heading}\nNothing is due for your partners. 🎉`)];
  const more =
    items.length > HOME_REMINDER_LIMIT
      ? [context(`Showing ${HOME_REMINDER_LIMIT} of ${items.length}. All of them: \`/partner reminders\``)]
      : [];
  return [
    ...linesToSections([heading, ...items.slice(0, HOME_REMINDER_LIMIT).map((i) => reminderLine(i, year))]),
    ...more,
  ];
}

/** App Home: the user's own partners and the buttons to get going. */
function runsSection(runs: readonly RunView[]): KnownBlock[] {
  if (!runs.length)
    return [
      section(
        '*Playbook runs*\nNone active. Start one with `/partner run <playbook> "<partner>"` (see `/partner playbooks`).',
      ),
    ];
  const lines = runs
    .slice(0, HOME_RUN_LIMIT)
    .map(
      (v) =>
        `${v.status === 'paused' ? '⏸' : '▶'} *${esc(v.playbook.name)}* · ${esc(v.partner.name)} — ${esc(stepTitle(v))}${v.permalink ? ` · <${v.permalink}|open thread>` : ''}`,
    );
  const more =
    runs.length > HOME_RUN_LIMIT
      ? [context(`Showing ${HOME_RUN_LIMIT} of ${runs.length}. All of them: \`/partner runs\``)]
      : [];
  return [...linesToSections([`*Playbook runs* (${runs.length})`, ...lines]), ...more];
}

export function renderHome(
  mine: readonly Partner[],
  totalMine: number,
  due?: UpcomingList,
  runs: readonly RunView[] = [],
  /** What this person may do (an admin, or anyone while no admins are named), so those buttons are theirs. */
  may: { settings: boolean; import: boolean } = { settings: false, import: false },
): HomeView {
  const blocks: KnownBlock[] = [
    header('PartnerOS'),
    section(
      'Your partner program, in Slack: partner memory, a library of partner-program templates (`/partner templates`), playbooks with a coach in a thread (`/partner playbooks`), and reminders (QBRs, milestones, falling health, quiet partners).',
    ),
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: IDS.partnerAddOpen,
          style: 'primary',
          text: { type: 'plain_text', text: 'Add partner' },
        },
        startPlaybookButton(),
        ...(may.import
          ? [
              {
                type: 'button' as const,
                action_id: IDS.importOpen,
                text: { type: 'plain_text' as const, text: 'Import partners' },
              },
            ]
          : []),
        { type: 'button', action_id: IDS.helpOpen, text: { type: 'plain_text', text: 'All commands' } },
        ...(may.settings ? [settingsButton()] : []),
      ],
    },
    divider(),
    section(`*My partners* (${totalMine})`),
  ];
  if (mine.length === 0) {
    blocks.push(
      section(
        '_You don’t own any partners yet._ Add one with the button above or `/partner add "Acme Corp" tier=Gold`.',
      ),
    );
  } else {
    blocks.push(...linesToSections(mine.map(partnerLine)));
    if (totalMine > mine.length)
      blocks.push(context(`Showing ${mine.length} of ${totalMine}. All of them: \`/partner list mine\``));
  }
  if (due && totalMine > 0) blocks.push(divider(), ...dueSection(due));
  blocks.push(divider(), ...runsSection(runs));
  blocks.push(context('Details: `/partner show "Name"` · everything else: `/partner help`'));
  return fitView({ type: 'home', blocks });
}
