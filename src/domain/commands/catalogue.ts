/**
 * The whole `/partner` grammar as data: help, "did you mean" and the README are generated from
 * or checked against this list, so a new subcommand is added in one place.
 */
export interface SubcommandSpec {
  readonly name: string;
  readonly usage: string;
  readonly example: string;
  readonly summary: string;
  /** Which slice of the product this belongs to; help groups by it. */
  readonly group: 'Partners' | 'Templates' | 'Playbooks' | 'Reminders' | 'Reports' | 'Settings' | 'Help';
  /** False until the issue that builds it lands: the command answers "coming soon", never "unknown". */
  readonly available: boolean;
  readonly aliases?: readonly string[];
  /** More lines for `/partner help <command>`: the forms a value takes. */
  readonly details?: readonly string[];
}

/** How a typed date reads, for help: the same grammar as the coach's (`domain/dates.ts`). */
const DATE_HELP = [
  'Dates: `2026-12-15`, `15 Dec 2026`, `Dec 15` (its next one), `15/12/2026` (only when the day is over 12), `today`, `tomorrow`, `friday` (the coming one), `next friday` (the Friday of next week), `in 2 weeks`, `end of month`, `end of next quarter`.',
  'Relative dates count from today in the company time zone (`reminders.timezone`).',
  'A date that reads two ways, such as `03/04/2026`, is refused: write it `2026-04-03`, or name the month (`3 Apr 2026`).',
];

export const SUBCOMMANDS: readonly SubcommandSpec[] = [
  {
    name: 'add',
    group: 'Partners',
    available: true,
    usage: 'add <name> [tier=<tier>] [type=<type>] [owner=@user] [channel=#channel] [vertical=<vertical>]',
    example: 'add "Acme Corp" tier=Gold type=reseller owner=@ana channel=#partner-acme',
    summary: 'Record a new partner (you own it unless you name an owner).',
  },
  {
    name: 'list',
    group: 'Partners',
    available: true,
    aliases: ['ls'],
    usage: 'list [mine] [tier=<tier>] [stage=<stage>] [owner=@user] [page=<n>]',
    example: 'list tier=Gold owner=@ana',
    summary: 'Partners with tier, health, stage and owner (`mine`: the ones you own).',
  },
  {
    name: 'show',
    group: 'Partners',
    available: true,
    aliases: ['view', 'info'],
    usage: 'show <name>',
    example: 'show "Acme Corp"',
    summary: 'The whole record: health trend, milestones, latest notes.',
  },
  {
    name: 'tier',
    group: 'Partners',
    available: true,
    usage: 'tier <name> <tier>',
    example: 'tier "Acme Corp" Gold',
    summary: 'Change the tier.',
  },
  {
    name: 'stage',
    group: 'Partners',
    available: true,
    usage: 'stage <name> <stage>',
    example: 'stage "Acme Corp" onboarding',
    summary: 'Move the partner to another stage.',
  },
  {
    name: 'owner',
    group: 'Partners',
    available: true,
    usage: 'owner <name> @user',
    example: 'owner "Acme Corp" @ana',
    summary: 'Hand the partner to another owner.',
  },
  {
    name: 'channel',
    group: 'Partners',
    available: true,
    usage: 'channel <name> #channel',
    example: 'channel "Acme Corp" #partner-acme',
    summary: 'Link the partner channel (changes and reminders are posted there).',
  },
  {
    name: 'health',
    group: 'Partners',
    available: true,
    usage: 'health <name> <0-100> [note…]',
    example: 'health "Acme Corp" 72 pipeline slipped a quarter',
    summary: 'Record a health score, with an optional reason.',
  },
  {
    name: 'note',
    group: 'Partners',
    available: true,
    usage: 'note <name> <text…>',
    example: 'note "Acme Corp" Met their new VP of alliances',
    summary: 'Add a note to the partner.',
  },
  {
    name: 'milestone',
    group: 'Partners',
    available: true,
    usage: 'milestone <name> "<title>" <date>',
    example: 'milestone "Acme Corp" "Kickoff" next friday',
    summary: 'Add a milestone with a due date.',
    details: DATE_HELP,
  },
  {
    name: 'done',
    group: 'Partners',
    available: true,
    usage: 'done <name> "<milestone title>"',
    example: 'done "Acme Corp" "First joint deal"',
    summary: 'Mark a milestone as done.',
  },
  {
    name: 'archive',
    group: 'Partners',
    available: true,
    usage: 'archive <name>',
    example: 'archive "Acme Corp"',
    summary: 'Archive a partner (kept, but hidden from lists and reminders). Part of a name asks to confirm first.',
  },
  {
    name: 'templates',
    group: 'Templates',
    available: true,
    usage: 'templates [category]',
    example: 'templates recruitment',
    summary: 'The template library by category: number, id, title, tier, time, difficulty.',
  },
  {
    name: 'template',
    group: 'Templates',
    available: true,
    usage: 'template <id> [partner]',
    example: 'template recruitment/email-sequence "Acme Corp"',
    summary: 'Describe a template, or fill it for a partner and get the document as a file here.',
  },
  {
    name: 'playbooks',
    group: 'Playbooks',
    available: true,
    usage: 'playbooks',
    example: 'playbooks',
    summary: 'The playbooks: id, name, steps and what each is for.',
  },
  {
    name: 'run',
    group: 'Playbooks',
    available: true,
    usage: 'run <playbook> <partner>',
    example: 'run co-marketing "Acme Corp"',
    summary: 'Start (or resume) a playbook: the coach walks you through it in a thread in the partner channel.',
  },
  {
    name: 'recruit',
    group: 'Playbooks',
    available: true,
    usage: 'recruit <partner>',
    example: 'recruit "Acme Corp"',
    summary: 'Shortcut for `run recruit <partner>`.',
  },
  {
    name: 'onboard',
    group: 'Playbooks',
    available: true,
    usage: 'onboard <partner>',
    example: 'onboard "Acme Corp"',
    summary: 'Shortcut for `run onboard <partner>`.',
  },
  {
    name: 'qbr',
    group: 'Playbooks',
    available: true,
    usage: 'qbr <partner>',
    example: 'qbr "Acme Corp"',
    summary: 'Shortcut for `run qbr <partner>`.',
  },
  {
    name: 'expand',
    group: 'Playbooks',
    available: true,
    usage: 'expand <partner>',
    example: 'expand "Acme Corp"',
    summary: 'Shortcut for `run expand <partner>`.',
  },
  {
    name: 'exit',
    group: 'Playbooks',
    available: true,
    usage: 'exit <partner>',
    example: 'exit "Acme Corp"',
    summary: 'Shortcut for `run exit <partner>`.',
  },
  {
    name: 'runs',
    group: 'Playbooks',
    available: true,
    usage: 'runs [partner]',
    example: 'runs "Acme Corp"',
    summary: 'Active and paused playbook runs, with links.',
  },
  {
    name: 'reminders',
    group: 'Reminders',
    available: true,
    usage: 'reminders [partner]',
    example: 'reminders "Acme Corp"',
    summary:
      'What is overdue and what falls due in the next 30 days: for one partner, or for the partners you own (admins: every partner).',
  },
  {
    name: 'qbr-held',
    group: 'Reminders',
    available: true,
    usage: 'qbr-held <partner> [date]',
    example: 'qbr-held "Acme Corp" last friday',
    summary: 'Record a QBR as held (today unless you give the day); the next QBR is planned from it.',
    details: [
      'The day takes the same forms as a milestone’s (`2026-11-20`, `yesterday`, `last friday`…), looking back: `20 Nov` or `monday` is the latest one, never a future day.',
      DATE_HELP[2] as string,
    ],
  },
  {
    name: 'qbr-invite',
    group: 'Reminders',
    available: true,
    usage: 'qbr-invite <partner> [YYYY-MM-DD HH:MM]',
    example: 'qbr-invite "Acme Corp" 2026-12-03 14:30',
    summary:
      'A calendar file (.ics) for the partner’s next QBR, sent to your DM: on its due day at the reminder hour in the owner’s time zone, or at the day and time you give (in your time zone).',
    details: [
      'The time is on a 24-hour clock (`14:30`; `2:30pm` works too) after the day, which takes the same forms as a milestone’s (`2026-12-03`, `next friday`…). Give both, or neither.',
      'A QBR already overdue is put at the next reminder hour. A file downloaded again for the same partner and day updates the event already in your calendar.',
    ],
  },
  {
    name: 'report',
    group: 'Reports',
    available: true,
    usage: 'report [partner]',
    example: 'report "Acme Corp"',
    summary:
      'A report as a Markdown file with a health chart (PNG), posted where you typed: one partner’s record, or without a name the portfolio (admins: every partner; others: the partners they own).',
    details: [
      'A partner’s report: summary, tier and QBR cadence with the last and next QBR, every health score with its reason and a chart of them, open and done milestones, recent notes, playbook runs and documents.',
      'The portfolio: partners by tier and stage, partners at risk, what is overdue, QBRs due this month, playbook runs in flight, and a chart of health by partner.',
      'Reports hold health and notes: in a channel shared outside your company (Slack Connect), or one PartnerOS is not in, the files come to your DM instead.',
    ],
  },
  {
    name: 'settings',
    group: 'Settings',
    available: true,
    usage: 'settings',
    example: 'settings',
    summary:
      'Admins: this workspace’s company details, tiers and their QBR cadence, admins, the reminder hour, time zone and working days, and the weekly digest channel, day and hour, in a form.',
  },
  {
    name: 'digest',
    group: 'Reminders',
    available: true,
    usage: 'digest [on|off]',
    example: 'digest on',
    summary:
      'A weekly DM about the partners you own: wins, risks, QBRs this week and next, stalled runs (`off` stops it; no word: when the next one comes).',
    details: [
      'It comes on the day and at the hour of `digest` in the settings (Monday 09:00 unless changed), in your own time zone.',
      'A channel can get the whole program’s digest too: `digest.channel` in the settings.',
    ],
  },
  {
    name: 'help',
    group: 'Help',
    available: true,
    aliases: ['?'],
    usage: 'help [command]',
    example: 'help milestone',
    summary: 'This help, or one command in detail.',
  },
];

const byName = new Map<string, SubcommandSpec>();
for (const spec of SUBCOMMANDS) {
  byName.set(spec.name, spec);
  for (const alias of spec.aliases ?? []) byName.set(alias, spec);
}

export function findSubcommand(word: string): SubcommandSpec | undefined {
  return byName.get(word.toLowerCase());
}

export const SUBCOMMAND_WORDS: readonly string[] = [...byName.keys()];
