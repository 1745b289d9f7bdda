import type { WorkspaceSettings } from './settings';

/**
 * Who may change a workspace's settings: its PartnerOS admins. With no admins at all (one workspace
 * whose partneros.yml names none, and none saved from Slack) everyone may, as everyone may then change
 * every partner: the program has chosen to be open, and someone has to be able to name the first admin.
 */

/** Where the admins come from, which says how someone becomes one. */
export type AdminsSource =
  /** Saved from Slack with the settings form. */
  | 'saved'
  /** partneros.yml (one workspace). */
  | 'file'
  /** The person who installed PartnerOS, and Slack's workspace admins and owners (many workspaces). */
  | 'installer';

export type SettingsAccess = { allowed: true } | { allowed: false; admins: readonly string[]; source: AdminsSource };

export interface AccessFacts {
  /** The effective admins, for this request. */
  company: { admins: readonly string[] };
  own: Pick<WorkspaceSettings, 'admins'>;
  single: boolean;
}

export function adminsSource(ws: Pick<AccessFacts, 'own' | 'single'>): AdminsSource {
  return ws.own.admins !== undefined ? 'saved' : ws.single ? 'file' : 'installer';
}

export function settingsAccess(ws: AccessFacts, actor: string): SettingsAccess {
  const { admins } = ws.company;
  if (admins.length === 0 || admins.includes(actor)) return { allowed: true };
  return { allowed: false, admins, source: adminsSource(ws) };
}
