/**
 * The one fake workspace every test runs in. Ids follow Slack's shapes (T… team, U… user, C… channel,
 * A… app, B… bot) so code that checks prefixes behaves as it would against real Slack.
 */
export const TEST_IDS = {
  teamId: 'T0TEST',
  teamName: 'PartnerOS Test',
  teamDomain: 'partneros-test',
  appId: 'A0PARTNEROS',
  botUserId: 'UBOT',
  botId: 'BBOT',
  botName: 'partneros',
  /** The default human in signed requests. */
  alice: 'U0ALICE',
  /** The default channel in signed requests. */
  general: 'C0GENERAL',
} as const;

/** Slack-style handle for a test user id: `U0ALICE` → `alice`, `U123` → `123`. */
export function userNameFor(userId: string): string {
  return (userId.replace(/^U0?/, '') || userId).toLowerCase();
}

/** Channel name for a test channel id: `C0GENERAL` → `general`, `C0PARTNER_ACME` → `partner_acme`. */
export function channelNameFor(channelId: string): string {
  return (channelId.replace(/^[CGD]0?/, '') || channelId).toLowerCase();
}

/** The bot token the fake workspace knows by default, and the test app runs with. */
export const TEST_BOT_TOKEN = 'xoxb-test-token';
/** The app-level token (Socket Mode's apps.connections.open) the fake workspace knows by default. */
export const TEST_APP_TOKEN = 'xapp-test-token';

/**
 * A workspace the fake Slack knows: who a token acts for (auth.test), what an install answers
 * (oauth.v2.access), and where a signed request comes from (team_id, enterprise, authorizations).
 */
export interface FakeTeam {
  /** T…: the workspace; for an org-wide install, the workspace of the org a request comes from. */
  teamId: string;
  teamName: string;
  teamDomain: string;
  /** The Enterprise Grid organisation the workspace belongs to, if any. */
  enterprise: { id: string; name: string } | null;
  /** Installed for the whole organisation (Slack's is_enterprise_install): the org is the workspace key. */
  orgWide: boolean;
  /** Who clicked "Add to Slack" (authed_user.id). */
  installer: string;
  botUserId: string;
  botId: string;
}

/** The test workspace: what TEST_BOT_TOKEN acts for, and where signed requests come from by default. */
export const TEST_TEAM: FakeTeam = {
  teamId: TEST_IDS.teamId,
  teamName: TEST_IDS.teamName,
  teamDomain: TEST_IDS.teamDomain,
  enterprise: null,
  orgWide: false,
  installer: TEST_IDS.alice,
  botUserId: TEST_IDS.botUserId,
  botId: TEST_IDS.botId,
};

/** The id PartnerOS files a workspace under: the organisation's for an org-wide install, else the team's. */
export const workspaceKeyOf = (team: FakeTeam): string =>
  team.orgWide && team.enterprise ? team.enterprise.id : team.teamId;

/** A FakeTeam from the few facts a test cares about (domain and bot ids made up from the team id). */
export function fakeTeam(
  teamId: string,
  facts: Partial<Omit<FakeTeam, 'teamId'>> & { teamName?: string } = {},
): FakeTeam {
  const suffix = teamId.replace(/^T0?/, '');
  return {
    teamId,
    teamName: facts.teamName ?? `Workspace ${suffix}`,
    teamDomain: facts.teamDomain ?? `ws-${suffix.toLowerCase()}`,
    enterprise: facts.enterprise ?? null,
    orgWide: facts.orgWide ?? false,
    installer: facts.installer ?? TEST_IDS.alice,
    botUserId: facts.botUserId ?? `UBOT${suffix}`,
    botId: facts.botId ?? `BBOT${suffix}`,
  };
}
