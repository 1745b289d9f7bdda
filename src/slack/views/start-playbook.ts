import type { RunStart } from '../../domain/playbooks/runs';
import type { Form } from '../boundary';
import { AmbiguousPartner, UnknownPartner } from '../../domain/errors';
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
export const startPlaybookForm = (deps: SlackDeps): Form => ({
  fallbackBlock: IDS.startBlock.playbook,
  blockFor: (error) =>
    error instanceof UnknownPartner || error instanceof AmbiguousPartner
      ? IDS.startBlock.partner
      : IDS.startBlock.playbook,
  async submit({ ack, body, view, client }) {
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
    const name = partnerId !== null ? (await deps.partners.findById(partnerId)).name : typed;
    if (!name)
      return void (await ack({
        response_action: 'errors',
        errors: { [IDS.startBlock.partner]: 'Type the partner’s name.' },
      }));
    // No channel to type in: a partner without one gets its thread in the user's DM with the app.
    const start: RunStart = await deps.runs.start(playbookId, name, actor, actor);
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
  },
});
