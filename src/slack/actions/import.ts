import { assertMayImport, ImportFileError } from '../../domain/imports/errors';
import {
  decodeImportTarget,
  renderImportAlreadyApplied,
  renderImportApplied,
  renderImportModal,
  renderImportPreview,
  renderNoticesNotPosted,
} from '../blocks/import';
import type { Message } from '../blocks/text';
import type { SlackDeps } from '../deps';
import { slackErrorCode } from '../errors';
import { publishHome } from '../home';
import { IDS } from '../ids';
import { downloadCsv, slackImporter } from '../import-file';
import { announce } from '../notices';
import type { ActionHandler } from './reminder';

/** App Home's Import partners: the form with a file input (admins only, when admins are named). */
export const openImport =
  (deps: SlackDeps): ActionHandler =>
  async ({ ack, body, client }) => {
    await ack();
    assertMayImport(deps.workspace.company.admins, body.user.id);
    await client.views.open({ trigger_id: body.trigger_id, view: renderImportModal() });
    deps.logger.info({ kind: 'action', action: IDS.importOpen, user: body.user.id, outcome: 'ok' }, 'action');
  };

/**
 * The Import button of a checked file: the file is read again and applied only if it still makes
 * exactly the plan that was shown (its fingerprint); a second click finds the import done (a
 * once-only key that commits with the import).
 */
export const applyImport =
  (deps: SlackDeps): ActionHandler =>
  async ({ ack, body, action, client, respond }) => {
    await ack();
    const user = body.user.id;
    assertMayImport(deps.workspace.company.admins, user);
    const target = decodeImportTarget('value' in action ? action.value : undefined);
    if (!target)
      throw new ImportFileError('That button is out of date.', 'Share the CSV file with me again to check it anew.');
    const file = await downloadCsv(client, target.fileId, deps.config.slack.apiUrl);
    const outcome = await slackImporter(client, deps).apply(file.bytes, {
      actor: user,
      expect: target.fingerprint,
      once: `import:${deps.workspace.workspaceId}:${target.fileId}:${target.fingerprint}`,
    });
    const channel = body.channel?.id;
    const ts = body.message?.ts;
    // The checked file's message becomes the outcome, so its button is gone once used.
    const replace = async (m: Message) => {
      if (channel && ts) await client.chat.update({ channel, ts, ...m });
      else await client.chat.postMessage({ channel: user, ...m });
    };
    if (outcome.kind === 'duplicate') {
      await respond({ response_type: 'ephemeral', replace_original: false, ...renderImportAlreadyApplied() });
      return;
    }
    if (outcome.kind === 'outdated') {
      await replace(renderImportPreview(outcome.plan, file.name, file.id, true));
      return;
    }
    await replace(renderImportApplied(outcome.plan, file.name, user));
    deps.logger.info({ kind: 'import', user, outcome: 'applied', ...outcome.plan.counts }, 'import applied');
    const failed: { channel: string; error: string }[] = [];
    for (const group of outcome.changes) {
      if (group.length === 0) continue;
      const a = await announce(client, deps, group);
      if (a.status === 'failed') failed.push({ channel: a.channelId, error: a.error });
    }
    if (failed.length)
      await client.chat
        .postMessage({ channel: user, ...renderNoticesNotPosted(failed) })
        .catch((error: unknown) => deps.logger.warn({ kind: 'import', error: slackErrorCode(error) }, 'DM not sent'));
    await publishHome(client, deps, user).catch((error: unknown) =>
      deps.logger.warn({ kind: 'import', error: slackErrorCode(error) }, 'home not refreshed'),
    );
  };
