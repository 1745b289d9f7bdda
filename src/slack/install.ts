import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CodedError, Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { WorkspaceLifecycle } from '../domain/workspaces/lifecycle';
import type { Logger } from '../logging';
import { newRef } from './boundary';

/**
 * "Add to Slack": Bolt's OAuth flow, with installations kept in our database and our own pages
 * after the callback. A workspace is its team, or its Enterprise Grid organisation for an
 * organisation-wide install (the same key a request's verified context gives).
 */

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

export const workspaceKey = (q: {
  isEnterpriseInstall?: boolean | undefined;
  enterpriseId?: string | undefined;
  teamId?: string | undefined;
}): string | undefined => (q.isEnterpriseInstall ? q.enterpriseId : q.teamId) || undefined;

/** No installation on file for a workspace (never installed, or uninstalled since). */
export class NotInstalled extends Error {
  constructor(workspaceId: string | undefined) {
    super(
      `PartnerOS is not installed in workspace ${workspaceId ?? '(none named)'}: install it through ${INSTALL_PATH}`,
    );
    this.name = 'NotInstalled';
  }
}

export function installationStore(lifecycle: WorkspaceLifecycle): InstallationStore {
  const keyOf = (q: InstallationQuery<boolean>) => workspaceKey(q);
  return {
    async storeInstallation(installation: Installation) {
      const org = installation.isEnterpriseInstall === true;
      const workspaceId = org ? installation.enterprise?.id : installation.team?.id;
      if (!workspaceId) throw new Error('the installation names no team or organisation');
      await lifecycle.installed({
        workspaceId,
        teamId: installation.team?.id ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        isEnterprise: org,
        installation: JSON.stringify(installation),
        installerId: installation.user.id || null,
        name: (org ? installation.enterprise?.name : installation.team?.name) ?? null,
      });
    },
    async fetchInstallation(query) {
      const workspaceId = keyOf(query);
      const json = workspaceId ? await lifecycle.installation(workspaceId) : undefined;
      if (!json) throw new NotInstalled(workspaceId);
      // Our own JSON, written by storeInstallation above from Bolt's object.
      return JSON.parse(json) as Installation;
    },
    async deleteInstallation(query) {
      const workspaceId = keyOf(query);
      if (workspaceId) await lifecycle.uninstalled(workspaceId, 'app uninstalled');
    },
  };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:38rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1d1c1d}h1{font-size:1.5rem}code{background:#f4f4f4;padding:0 .25rem;border-radius:3px}</style>
</head><body>${body}</body></html>`);
}

/** What the browser sees after Slack sends it back: a plain page saying what to do next. */
export function installPages(logger: Logger) {
  return {
    success(installation: Installation, _options: unknown, _req: IncomingMessage, res: ServerResponse): void {
      const where =
        (installation.isEnterpriseInstall ? installation.enterprise?.name : installation.team?.name) ??
        'your workspace';
      logger.info(
        {
          kind: 'install',
          workspace: installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id,
          user: installation.user.id,
        },
        'PartnerOS installed',
      );
      page(
        res,
        200,
        'PartnerOS is installed',
        `<h1>PartnerOS is installed in ${escapeHtml(where)} 🎉</h1>
<p>What to do next, in Slack:</p>
<ol>
<li>Type <code>/partner help</code> in any channel to see what PartnerOS does.</li>
<li>Add your first partner with <code>/partner add "Acme Corp"</code>, or open the PartnerOS app's Home tab.</li>
<li>Invite PartnerOS to each partner channel (<code>/invite @PartnerOS</code>) so it can post playbooks and reminders there.</li>
<li>Set your company details, tiers and reminder hours with <code>/partner settings</code> (you are an admin of PartnerOS in this workspace).</li>
</ol>
<p>You can close this page.</p>`,
      );
    },
    failure(error: CodedError, _options: unknown, _req: IncomingMessage, res: ServerResponse): void {
      const ref = newRef();
      logger.warn({ kind: 'install', ref, code: error.code, err: error }, 'installation not completed');
      const why =
        error.code === 'slack_oauth_invalid_state' || error.code === 'slack_oauth_missing_state'
          ? 'the install link had expired or did not come from this PartnerOS (install links last ten minutes).'
          : error.code === 'slack_oauth_installer_authorization_error'
            ? 'the installation was cancelled in Slack.'
            : error.code === 'slack_oauth_missing_code'
              ? 'the address Slack sent you back to carried no authorization code.'
              : 'Slack did not confirm the installation.';
      page(
        res,
        400,
        'PartnerOS was not installed',
        `<h1>PartnerOS was not installed</h1>
<p>Nothing was changed: ${escapeHtml(why)}</p>
<p>What to do next: <a href="${INSTALL_PATH}">start the installation again</a>. If it keeps happening, ask whoever runs PartnerOS to look for reference <code>${ref}</code> in its log.</p>`,
      );
    },
  };
}
