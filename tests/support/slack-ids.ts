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
