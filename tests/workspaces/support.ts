/** Two workspaces on one PartnerOS, and what the fake Slack saw each of them do. */
import { readFileSync } from 'node:fs';
import { load as parseYaml } from 'js-yaml';
import { expect } from 'vitest';
import { stringsIn, textObjectsOf } from '../commands/front-door';
import type { RecordedCall } from '../support/fake-slack';
import type { SlackHttpResponse } from '../support/signed-requests';
import { fakeTeam, type FakeTeam, workspaceKeyOf } from '../support/slack-ids';
import { type InstalledWorkspace, startTestApp, type TestApp, type TestAppOptions } from '../support/test-app';

export const ALPHA = fakeTeam('T0ALPHA', { teamName: 'Alpha Works', installer: 'U0ANNA' });
export const BETA = fakeTeam('T0BETA', { teamName: 'Beta Labs', installer: 'U0BORIS' });

/** The bot scopes of manifest.yml, read here on their own (not through the app's reader). */
export function manifestScopes(): string[] {
  const manifest = parseYaml(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')) as {
    oauth_config: { scopes: { bot: string[] } };
  };
  return manifest.oauth_config.scopes.bot;
}

export interface TwoWorkspaces {
  t: TestApp;
  a: InstalledWorkspace;
  b: InstalledWorkspace;
}

/** A many-workspace app with Alpha and Beta installed through the browser flow. */
export async function twoWorkspaces(options: TestAppOptions = {}): Promise<TwoWorkspaces> {
  const t = await startTestApp({ ...options, workspaces: 'many' });
  try {
    const a = await t.install(ALPHA);
    const b = await t.install(BETA);
    return { t, a, b };
  } catch (error) {
    await t.stop();
    throw error;
  }
}

/** The workspace (its PartnerOS id) a recorded call acted for, from the token it carried. */
export function actedFor(t: TestApp, call: RecordedCall): string | undefined {
  const team = t.slack.teamOf(call.token);
  return team ? workspaceKeyOf(team) : undefined;
}

/** Calls that act in a workspace (everything but the token exchange), oldest first. */
export const workspaceCalls = (t: TestApp, from = 0): RecordedCall[] =>
  t.slack
    .calls()
    .slice(from)
    .filter((c) => c.method !== 'oauth.v2.access' && c.method !== 'upload');

/** Every call made since `from` touching `channel` (channel, channel_id or users param). */
export const callsIn = (t: TestApp, channel: string, from = 0): RecordedCall[] =>
  workspaceCalls(t, from).filter(
    (c) => c.params.channel === channel || c.params.channel_id === channel || c.params.users === channel,
  );

/** Fails unless every call since `from` that touches one of `channels` carried `team`'s token. */
export function expectTokensOf(t: TestApp, team: FakeTeam, channels: readonly string[], from = 0): void {
  const calls = channels.flatMap((ch) => callsIn(t, ch, from));
  expect(calls.length, `calls in ${channels.join(', ')}`).toBeGreaterThan(0);
  for (const call of calls)
    expect(actedFor(t, call), `${call.method} to ${String(call.params.channel ?? call.params.channel_id)}`).toBe(
      workspaceKeyOf(team),
    );
}

/** How far the fake's records went at a moment: what came after is what a request caused. */
export interface Mark {
  calls: number;
  responses: number;
}
export const mark = (t: TestApp): Mark => ({ calls: t.slack.calls().length, responses: t.slack.responses().length });

/** Everything anyone could read since `m`: the ack body, response_url posts, and every Web API call's params. */
export function saidSince(t: TestApp, m: Mark, res?: SlackHttpResponse): string {
  const posted = t.slack
    .responses()
    .slice(m.responses)
    .map((r) => r.body);
  const calls = t.slack
    .calls()
    .slice(m.calls)
    .map((c) => c.params);
  return [res?.text ?? '', ...posted.flatMap(stringsIn), ...calls.flatMap(stringsIn)].join('\n');
}

/** Text of an ack body (fallback and blocks). */
export const ackText = (res: SlackHttpResponse): string =>
  [String(res.json?.text ?? res.text), ...textObjectsOf(res.json?.blocks)].join('\n');

export { startTestApp };
