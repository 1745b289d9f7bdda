import type { RunStart } from '../../domain/playbooks/runs';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { AmbiguousPartner, DomainError, UnknownPartner } from '../../domain/errors';
import type { StartTarget } from '../blocks/start-playbook-modal';
import { renderRunStart } from '../blocks/playbooks';
import type { SlackDeps } from '../deps';
import { slackErrorCode } from '../errors';
import { IDS } from '../ids';
import { afterRunStart } from '../runs/thread';
import { read, type Values } from './form-values';

function target(metadata: string): StartTarget {
  try {
    const parsed = JSON.parse(metadata) as Partial<StartTarget>;
    return { partnerId: typeof parsed.partnerId === 'number' ? parsed.partnerId : null };
  } catch {
    return { partnerId: null };
  }
}

/** "Start a playbook": checked before the ack (errors show on the form), the thread posted after it. */
export const startPlaybookSubmitted =
  (deps: SlackDeps) =>
  async ({ ack, body, view, client }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const actor = body.user.id;
    const values = view.state.values as Values;
    const playbookId = read(values, IDS.startBlock.playbook)?.selected_option?.value;
    const { partnerId } = target(view.private_metadata);
    const typed = read(values, IDS.startBlock.partner)?.value?.trim();
    if (!playbookId)
      return void (await ack({
        response_action: 'errors',
        errors: { [IDS.startBlock.playbook]: 'Choose a playbook.' },
      }));
    let start: RunStart;
    try {
      const name = partnerId !== null ? deps.partners.findById(partnerId).name : typed;
      if (!name)
        return void (await ack({
          response_action: 'errors',
          errors: { [IDS.startBlock.partner]: 'Type the partner’s name.' },
        }));
      // No channel to type in: a partner without one gets its thread in the user's DM with the app.
      start = deps.runs.start(playbookId, name, actor, actor);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const block =
        error instanceof UnknownPartner || error instanceof AmbiguousPartner
          ? IDS.startBlock.partner
          : IDS.startBlock.playbook;
      const where = view.blocks.some((b) => b.block_id === block) ? block : IDS.startBlock.playbook;
      return void (await ack({
        response_action: 'errors',
        errors: { [where]: `${error.message} ${error.fix}`.slice(0, 150) },
      }));
    }
    await ack();
    const reply = (await afterRunStart(client, deps, start, actor)) ?? renderRunStart(start);
    await client.chat
      .postMessage({ channel: actor, ...reply })
      .catch((error: unknown) =>
        deps.logger.warn(
          { kind: 'view', view: IDS.runStartView, error: slackErrorCode(error) },
          'run summary not sent',
        ),
      );
  };
