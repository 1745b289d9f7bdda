import type { Outcome } from '../../domain/commands/run';
import { slackOnlyText } from './extras';
import { coming, commandHelp, help } from './help';
import { archiveConfirm, changeReply, partnerList, partnerRecord } from './partner';
import { playbookList, runList, runStart } from './playbooks';
import { reminderList } from './reminders';
import { catalogue, templateInfo } from './templates';

/**
 * A command's outcome as the terminal shows it: the same facts as the Slack reply, plain text (no
 * markup, nothing escaped). A filled document is printed by run.ts, once it is rendered.
 */
export function outcomeText(outcome: Exclude<Outcome, { kind: 'fill' }>): string {
  switch (outcome.kind) {
    case 'help':
      return outcome.topic ? commandHelp(outcome.topic) : help();
    case 'coming':
      return coming(outcome.spec);
    case 'list':
      return partnerList(outcome.page, outcome.filter);
    case 'record':
      return partnerRecord(outcome.record);
    case 'change':
      return changeReply(outcome.change);
    case 'confirmArchive':
      return archiveConfirm(outcome.partner, outcome.typed);
    case 'templates':
      return catalogue(outcome.groups, outcome.total, outcome.category);
    case 'template':
      return templateInfo(outcome.template, outcome.blankMarkdown);
    case 'reminders':
      return reminderList(outcome.listing);
    case 'playbooks':
      return playbookList(outcome.playbooks);
    case 'run':
      return runStart(outcome.start);
    case 'runs':
      return runList(outcome.runs, outcome.partnerName);
    case 'settings':
    case 'report':
    case 'qbrInvite':
    case 'digest':
      return slackOnlyText(outcome);
  }
}
