import { ImportFileError } from '../../domain/imports/errors';
import type { Form } from '../boundary';
import type { SlackDeps } from '../deps';
import { IDS } from '../ids';
import { csvFileIn, postImportPreview } from '../import-file';
import { read, type Values } from './form-values';

/** The Import partners form: the form closes at once, and the file's dry run arrives in the person's DM. */
export const importForm = (deps: SlackDeps): Form => ({
  fallbackBlock: IDS.importBlock,
  async submit({ ack, body, view, client }) {
    const file = csvFileIn(read(view.state.values as Values, IDS.importBlock)?.files);
    if (!file)
      throw new ImportFileError('That is not a CSV file.', 'Pick a .csv file (a spreadsheet saved as CSV UTF-8).');
    await ack();
    const user = body.user.id;
    await postImportPreview(client, deps, { user, channel: user }, file.id);
    deps.logger.info({ kind: 'view', view: IDS.importView, user, outcome: 'ok' }, 'view');
  },
});
