import type { Outcome } from '../domain/commands/run';
import { renderArchiveConfirm } from './blocks/archive';
import { renderChangeReply } from './blocks/change';
import { renderComing, renderCommandHelp, renderHelp } from './blocks/help';
import { renderPartnerList, renderPartnerRecord } from './blocks/partner';
import { renderCatalogue, renderFillStarted, renderTemplateInfo } from './blocks/templates';
import { renderDigestStatus } from './blocks/digest';
import { renderReminderList } from './blocks/reminder-list';
import { renderInviteStarted, renderReportStarted } from './blocks/reports';
import type { Message } from './blocks/text';
import { renderPlaybooks, renderRunStart, renderRuns } from './blocks/playbooks';
import { renderSettingsOpening, renderSettingsRefused } from './blocks/settings';

export function renderOutcome(outcome: Outcome): Message {
  switch (outcome.kind) {
    case 'help':
      return outcome.topic ? renderCommandHelp(outcome.topic) : renderHelp();
    case 'coming':
      return renderComing(outcome.spec);
    case 'list':
      return renderPartnerList(outcome.page, outcome.filter);
    case 'record':
      return renderPartnerRecord(outcome.record);
    case 'change':
      return renderChangeReply(outcome.change);
    case 'confirmArchive':
      return renderArchiveConfirm(outcome.partner, outcome.typed);
    case 'templates':
      return renderCatalogue(outcome.groups, outcome.total, outcome.category);
    case 'template':
      return renderTemplateInfo(outcome.template, outcome.blankMarkdown);
    case 'fill':
      return renderFillStarted(outcome.template, outcome.partner.name);
    case 'reminders':
      return renderReminderList(outcome.listing);
    case 'playbooks':
      return renderPlaybooks(outcome.playbooks);
    case 'run':
      return renderRunStart(outcome.start);
    case 'runs':
      return renderRuns(outcome.runs, outcome.partnerName);
    case 'settings':
      return outcome.access.allowed ? renderSettingsOpening() : renderSettingsRefused(outcome.access);
    case 'report':
      return renderReportStarted(outcome.target);
    case 'qbrInvite':
      return renderInviteStarted(outcome.invite);
    case 'digest':
      return renderDigestStatus(outcome.action, outcome.status, outcome.changed);
  }
}
