/**
 * The fake Slack's two gates, in the order Slack applies them: the token (which tokens the workspace knows,
 * which were revoked) and the payload (Slack's limits, slack-verdicts.ts). A payload that breaks a limit or
 * a house rule is kept as a Breach, and stays unclaimed until a test takes it; tests/support/setup.ts fails
 * any test that leaves one behind.
 */
import type { IncomingMessage } from 'node:http';
import { str, type Params } from './fake-slack-methods';
import { TEST_APP_TOKEN, TEST_BOT_TOKEN, TEST_TEAM, type FakeTeam } from './slack-ids';
import { describeVerdict, type Verdict } from './slack-verdicts';

/** A payload that broke one of Slack's limits (refused), or a house rule Slack lets through (not refused). */
export interface Breach {
  /** The Web API method, or 'respond' for a response_url POST. */
  method: string;
  /** Slack's error code ('invalid_blocks', 'msg_too_long', …); undefined when Slack accepted it. */
  error: string | undefined;
  /** `[ERROR] <rule> [json-pointer:<where>]`, one per broken rule (`[WARN] …` for a house rule). */
  messages: string[];
  refused: boolean;
  at: number;
  /** The whole story, one line per rule: what a failing test prints. */
  describe(): string;
}

/** What an unknown or revoked token gets: Slack's codes for a bad token. */
export type TokenError = 'invalid_auth' | 'token_revoked' | 'account_inactive';

const UNCLAIMED = Symbol.for('partneros.fake-slack.unclaimed-breaches');
type Registry = { [UNCLAIMED]?: Set<Breach> };

/** Breaches no test has taken yet, across every fake in this worker (one set, whichever copy of this module). */
function unclaimed(): Set<Breach> {
  const registry = globalThis as Registry;
  registry[UNCLAIMED] ??= new Set();
  return registry[UNCLAIMED];
}

/** Takes every breach no test claimed, from every fake in this worker: tests/support/setup.ts fails on them. */
export function takeUnclaimedBreaches(): Breach[] {
  const all = [...unclaimed()];
  unclaimed().clear();
  return all;
}

/** The token a call carries: `Authorization: Bearer …` (what @slack/web-api sends), else a `token` param. */
export function tokenOf(req: IncomingMessage, params: Params): string | undefined {
  const header = req.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  return bearer || str(params, 'token') || undefined;
}

export class Guard {
  /** Each token the fake knows, with the workspace (or org) it acts for: the test workspace unless told otherwise. */
  private readonly tokens: Map<string, FakeTeam>;
  private readonly revoked = new Map<string, TokenError>();
  private kept: Breach[] = [];

  constructor(tokens: readonly string[] = [TEST_BOT_TOKEN, TEST_APP_TOKEN]) {
    this.tokens = new Map(tokens.map((t) => [t, TEST_TEAM]));
  }

  allow(token: string, team: FakeTeam = TEST_TEAM): void {
    this.tokens.set(token, team);
    this.revoked.delete(token);
  }

  /** The workspace a token acts for while it is valid; undefined when unknown or revoked. */
  teamOf(token: string | undefined): FakeTeam | undefined {
    if (!token || this.revoked.has(token)) return undefined;
    return this.tokens.get(token);
  }

  /** The workspace a token was issued for, revoked or not (what a test asks about a recorded call). */
  issuedTo(token: string | undefined): FakeTeam | undefined {
    return token ? this.tokens.get(token) : undefined;
  }

  revoke(token: string, error: TokenError): void {
    this.revoked.set(token, error);
  }

  /** Slack's answer to the token: apps.connections.open takes an app token, every other method a bot token. */
  authError(method: string, token: string | undefined): string | undefined {
    if (!token) return 'not_authed';
    const gone = this.revoked.get(token);
    if (gone) return gone;
    if (!this.tokens.has(token)) return 'invalid_auth';
    if (token.startsWith('xapp-') !== (method === 'apps.connections.open')) return 'not_allowed_token_type';
    return undefined;
  }

  /** Keeps a verdict Slack (or a house rule) objects to; returns it when Slack would refuse the payload. */
  note(method: string, verdict: Verdict): Verdict | undefined {
    if (!verdict.error && verdict.warnings.length === 0) return undefined;
    const breach: Breach = {
      method,
      error: verdict.error,
      messages: [...verdict.messages, ...verdict.warnings],
      refused: verdict.error !== undefined,
      at: Date.now(),
      describe: () => describeVerdict(method, verdict),
    };
    this.kept.push(breach);
    unclaimed().add(breach);
    return verdict.error ? verdict : undefined;
  }

  breaches(): Breach[] {
    return [...this.kept];
  }

  /** The breaches no test took yet, now claimed. */
  take(): Breach[] {
    const taken = this.kept.filter((b) => unclaimed().has(b));
    for (const b of taken) unclaimed().delete(b);
    return taken;
  }

  /** Forgets the breaches seen so far; unclaimed ones stay unclaimed (a reset does not excuse a breach). */
  forget(): void {
    this.kept = [];
  }
}
