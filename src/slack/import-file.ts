import type { WebClient } from '@slack/web-api';
import { MAX_CSV_BYTES } from '../domain/imports/csv';
import { assertMayImport, ImportFileError } from '../domain/imports/errors';
import type { OwnerLookup } from '../domain/imports/plan';
import { importService, type ImportService } from '../domain/imports/service';
import { renderImportPreview } from './blocks/import';
import type { SlackDeps } from './deps';
import { slackErrorCode } from './errors';

/**
 * A CSV file shared with the app (dropped in its DM, or picked in the Import partners form):
 * looked up by id with files.info and downloaded from its url_private with the bot token, then
 * checked by the same importer as `partneros import`.
 */

export interface SharedCsv {
  id: string;
  name: string;
  bytes: Uint8Array;
}

const looksLikeCsv = (f: { name?: unknown; filetype?: unknown; mimetype?: unknown }): boolean =>
  f.filetype === 'csv' ||
  (typeof f.name === 'string' && /\.csv$/i.test(f.name)) ||
  (typeof f.mimetype === 'string' && /^text\/(csv|comma-separated-values)/i.test(f.mimetype));

/** The first CSV among a message's or a form's files, by id (the rest of the object is not trusted). */
export function csvFileIn(files: unknown): { id: string; name: string } | undefined {
  if (!Array.isArray(files)) return undefined;
  for (const f of files) {
    if (typeof f !== 'object' || f === null || !('id' in f) || typeof f.id !== 'string') continue;
    if (looksLikeCsv(f)) return { id: f.id, name: 'name' in f && typeof f.name === 'string' ? f.name : f.id };
  }
  return undefined;
}

/**
 * Where the bot token may be sent: Slack's file host, or the host of the Web API we were pointed
 * at (a local stand-in in tests). A url_private anywhere else is refused, token unsent.
 */
function trustedOrigins(apiUrl: string | undefined): Set<string> {
  const origins = new Set(['https://files.slack.com']);
  if (apiUrl) origins.add(new URL(apiUrl).origin);
  return origins;
}

export async function downloadCsv(client: WebClient, fileId: string, apiUrl: string | undefined): Promise<SharedCsv> {
  const info = await client.files.info({ file: fileId }).catch((error: unknown) => {
    throw new ImportFileError(
      `I could not open that file (${slackErrorCode(error)}).`,
      'Share the CSV file with me again, in this DM or with Import partners on my Home tab.',
    );
  });
  const file = info.file;
  const name = file?.name ?? fileId;
  if (!file || !looksLikeCsv(file))
    throw new ImportFileError(
      `${name} is not a CSV file.`,
      'Save the spreadsheet as “CSV UTF-8 (comma delimited)” and share that file.',
    );
  if ((file.size ?? 0) > MAX_CSV_BYTES)
    throw new ImportFileError(
      `${name} is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB.`,
      'Split it into smaller files and import them one after the other.',
    );
  const url = file.url_private_download ?? file.url_private;
  if (!url || !trustedOrigins(apiUrl).has(new URL(url).origin))
    throw new ImportFileError(`Slack gave no address I may download ${name} from.`, 'Share the file again.');
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${client.token ?? ''}` },
    signal: AbortSignal.timeout(20_000),
  });
  // Without files:read (or with a stale token) Slack answers its sign-in page, HTTP 200, not the file.
  if (!response.ok || (response.headers.get('content-type') ?? '').startsWith('text/html'))
    throw new ImportFileError(
      `Slack did not hand me ${name} (HTTP ${response.status}).`,
      'The app may lack the files:read permission: reinstall it from its manifest, then share the file again.',
    );
  return { id: fileId, name, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** An owner given by e-mail, looked up with users.lookupByEmail (the app's and the command line's). */
export const ownerByEmail =
  (client: WebClient) =>
  async (email: string): Promise<OwnerLookup> => {
    try {
      const found = await client.users.lookupByEmail({ email });
      return found.user?.id ? { kind: 'found', userId: found.user.id } : { kind: 'unknown' };
    } catch (error) {
      const code = slackErrorCode(error);
      return code === 'users_not_found'
        ? { kind: 'unknown' }
        : { kind: 'unavailable', reason: `Slack answered ${code}` };
    }
  };

/** The importer for this request's workspace, looking owner e-mails up with its token. */
export function slackImporter(client: WebClient, deps: SlackDeps): ImportService {
  return importService({
    partners: deps.partners,
    tiers: deps.config.company.tiers,
    lookupEmail: ownerByEmail(client),
  });
}

/** Checks a shared CSV and posts the dry run, with its Import button, where the person is (their DM with the app). */
export async function postImportPreview(
  client: WebClient,
  deps: SlackDeps,
  where: { user: string; channel: string; threadTs?: string },
  fileId: string,
): Promise<void> {
  assertMayImport(deps.workspace.company.admins, where.user);
  const file = await downloadCsv(client, fileId, deps.config.slack.apiUrl);
  const plan = await slackImporter(client, deps).preview(file.bytes);
  await client.chat.postMessage({
    channel: where.channel,
    ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
    ...renderImportPreview(plan, file.name, file.id),
    unfurl_links: false,
  });
  deps.logger.info(
    { kind: 'import', user: where.user, outcome: 'checked', rows: plan.rows.length, problems: plan.problems.length },
    'import checked',
  );
}
