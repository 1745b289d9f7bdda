import type { QbrInvite } from '../calendar/invites';
import type { Partner } from '../partners/model';
import type { PartnerService, Change, PartnerPage, PartnerRecord } from '../partners/service';
import type { CategoryGroup } from '../templates/library';
import type { Category, Template } from '../templates/schema';
import type { TemplateService } from '../templates/service';
import type { ReminderListing, ReminderService } from '../reminders/service';
import type { Playbook } from '../playbooks/schema';
import type { RunService, RunStart } from '../playbooks/runs';
import type { RunView } from '../playbooks/run-model';
import { type AccessFacts, type SettingsAccess, settingsAccess } from '../workspaces/settings-access';
import type { PortfolioScope, ReportService } from '../reports/data';
import type { DigestService, DigestStatus } from '../digest/service';
import type { Tier } from '../../config/schema';
import type { UsageError } from '../errors';
import type { Result } from '../result';
import type { SubcommandSpec } from './catalogue';
import { type Command, type ListFilter, parseCommand } from './parse';
import type { Token } from './tokens';

/** What a command produced; the Slack edge decides how it looks. */
export type Outcome =
  | { kind: 'help'; topic?: SubcommandSpec }
  | { kind: 'coming'; spec: SubcommandSpec }
  | { kind: 'list'; page: PartnerPage; filter: ListFilter }
  | { kind: 'record'; record: PartnerRecord }
  | { kind: 'change'; change: Change }
  /** `archive` on a name that is not the partner's exact name: nothing yet, a button to confirm. */
  | { kind: 'confirmArchive'; partner: Partner; typed: string }
  | { kind: 'templates'; groups: CategoryGroup[]; category?: Category; total: number }
  /** `blankMarkdown`: the document with every value as its placeholder, for the outline. */
  | { kind: 'template'; template: Template; blankMarkdown: string }
  /** Checked and ready: rendering, recording and uploading happen after the ack. */
  | { kind: 'fill'; template: Template; partner: Partner }
  | { kind: 'reminders'; listing: ReminderListing }
  | { kind: 'playbooks'; playbooks: readonly Playbook[] }
  /** Checked (and the run row written) before the ack; the thread is posted after it. */
  | { kind: 'run'; start: RunStart }
  | { kind: 'runs'; runs: RunView[]; partnerName: string | null }
  /** Checked (the partner found) before the ack; assembled, rendered and uploaded after it. */
  | { kind: 'report'; target: { partner: Partner } | { scope: PortfolioScope } }
  /** The calendar file is made before the ack; it is uploaded to the requester's DM after it. */
  | { kind: 'qbrInvite'; invite: QbrInvite }
  /** Allowed: the form opens after the ack. Refused: who may, and how to become one. */
  | { kind: 'settings'; access: SettingsAccess }
  | { kind: 'digest'; action: 'on' | 'off' | 'status'; status: DigestStatus; changed: boolean };

export interface CommandServices {
  partners: PartnerService;
  templates: TemplateService;
  reminders: ReminderService;
  runs: RunService;
  /** The workspace's admins and where they come from (who may open its settings). */
  workspace: AccessFacts;
  reports: ReportService;
  digests: DigestService;
}

/** Runs a parsed command against partner memory. Throws DomainError for anything the user can fix. */
/** `typedIn`: the channel the command was typed in (a run's thread goes there when the partner has no channel). */
export async function runCommand(
  services: CommandServices,
  command: Command,
  actor: string,
  typedIn = '',
): Promise<Outcome> {
  const { partners, templates, reminders, runs, reports } = services;
  switch (command.sub) {
    case 'help':
      return command.topic ? { kind: 'help', topic: command.topic } : { kind: 'help' };
    case 'coming':
      return { kind: 'coming', spec: command.spec };
    case 'add':
      return { kind: 'change', change: await partners.add(command.name, command.options, actor) };
    case 'list': {
      const filter = command.mine ? { ...command.filter, ownerUserId: actor } : command.filter;
      return { kind: 'list', page: await partners.list(filter, command.page), filter };
    }
    case 'partner': {
      const { partner, action, exact, typed } = await partners.resolve(command.splits, command.parseError);
      // Archiving hides a partner from everything: a name that merely fits is confirmed first.
      if (action.kind === 'archive' && !exact)
        return { kind: 'confirmArchive', partner: await partners.editable(partner.id, actor), typed };
      const result = await partners.apply(partner, action, actor);
      return 'action' in result ? { kind: 'change', change: result } : { kind: 'record', record: result };
    }
    case 'templates': {
      const groups = templates.library.groups(command.category);
      return {
        kind: 'templates',
        groups,
        total: templates.library.size,
        ...(command.category ? { category: command.category } : {}),
      };
    }
    case 'template': {
      if (command.partnerName === undefined) {
        const template = templates.template(command.id);
        return { kind: 'template', template, blankMarkdown: templates.blank(template).markdown };
      }
      return { kind: 'fill', ...(await templates.prepare(command.id, command.partnerName)) };
    }
    case 'reminders':
      return { kind: 'reminders', listing: await reminders.listing(actor, command.partnerName) };
    case 'playbooks':
      return { kind: 'playbooks', playbooks: runs.playbooks.all() };
    case 'run':
      return { kind: 'run', start: await runs.start(command.playbook, command.partnerName, actor, typedIn) };
    case 'digest': {
      const { action } = command;
      if (action === 'status')
        return { kind: 'digest', action, status: await services.digests.status(actor), changed: false };
      const { changed, ...status } =
        action === 'on' ? await services.digests.subscribe(actor) : await services.digests.unsubscribe(actor);
      return { kind: 'digest', action, status, changed };
    }
    case 'runs': {
      const listing = await runs.listing(actor, command.partnerName);
      return { kind: 'runs', runs: listing.runs, partnerName: listing.partner?.name ?? null };
    }
    case 'settings':
      return { kind: 'settings', access: settingsAccess(services.workspace, actor) };
    case 'report':
      if (command.partnerName === undefined) return { kind: 'report', target: { scope: reports.scopeFor(actor) } };
      return { kind: 'report', target: { partner: (await partners.find(command.partnerName)).partner } };
    case 'qbrInvite':
      return { kind: 'qbrInvite', invite: await reminders.inviteForPartner(command.partnerName, command.at, actor) };
  }
}

/** Who typed a line, where, and what its words are read against. */
export interface LineContext {
  actor: string;
  /** The channel it was typed in ('' when none: a run's thread then needs the partner's channel). */
  typedIn: string;
  tiers: readonly Tier[];
  /** Today in the company time zone: what relative dates count from. */
  today: string;
}

/**
 * One `/partner` line, split into tokens by the edge it was typed at (each has its own wire form):
 * parsed and run. Throws DomainError for anything the user can fix.
 */
export async function answerLine(
  services: CommandServices,
  tokens: Result<Token[], UsageError>,
  line: LineContext,
): Promise<Outcome> {
  if (!tokens.ok) throw tokens.error;
  const parsed = parseCommand(tokens.value, { tiers: line.tiers, today: line.today });
  if (!parsed.ok) throw parsed.error;
  return runCommand(services, parsed.value, line.actor, line.typedIn);
}
