import { randomBytes } from 'node:crypto';
import type { Outcome } from '../domain/commands/run';
import { DomainError } from '../domain/errors';
import type { Logger } from '../logging';
import { renderArchiveConfirm } from './blocks/archive';
import { renderChangeReply } from './blocks/change';
import { renderInternalError, renderUserError } from './blocks/errors';
import { renderComing, renderCommandHelp, renderHelp } from './blocks/help';
import { renderPartnerList, renderPartnerRecord } from './blocks/partner';
import { renderCatalogue, renderFillStarted, renderTemplateInfo } from './blocks/templates';
import { renderReminderList } from './blocks/reminder-list';
import type { Message } from './blocks/text';
import { renderPlaybooks, renderRunStart, renderRuns } from './blocks/playbooks';

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
  }
}

/**
 * The one catch at the edge: a DomainError becomes its message and fix; anything else is logged
 * in full with a short ref and the user gets only the ref.
 */
export function renderFailure(
  error: unknown,
  logger: Logger,
  context: { sub?: string } & Record<string, unknown>,
): { message: Message; outcome: string } {
  if (error instanceof DomainError) return { message: renderUserError(error, context.sub), outcome: error.code };
  const ref = randomBytes(3).toString('hex');
  logger.error({ ...context, ref, err: error }, 'unexpected error');
  return { message: renderInternalError(ref), outcome: 'internal_error' };
}
