/** Messages between bench/run.ts and the load-generator process (bench/load-client.ts). */

export interface ClientSetup {
  /** Partner names to pick from at random for `/partner show "<name>"`. */
  names: string[];
  /** The team each name's partner is in (same index), for an app serving many workspaces; default the test team. */
  teams?: string[];
  signingSecret: string;
  /** Base of the response_urls put in the command bodies (the fake Slack); nothing POSTs to them for `show`. */
  responseBase: string;
}

export interface RunRequest {
  id: number;
  /** http://127.0.0.1:PORT/slack/events */
  url: string;
  count: number;
  concurrency: number;
  /** Seeds which names are picked, so both targets get the same request mix in a round. */
  seed: number;
  /** Count replies that do not mention the partner (PartnerOS answers with its card; bare Bolt with nothing). */
  expectName: boolean;
  /**
   * Open loop: start one request every gapMs (at most `concurrency` in flight), whatever the replies
   * do, until `count` or a stop message: a probe whose latencies show how long the server held requests.
   */
  gapMs?: number;
}

export interface RunResult {
  id: number;
  /** Time to full HTTP response per request, ms, in completion order. */
  latencies: number[];
  /** Wall time of the whole run, ms. */
  wallMs: number;
  /** HTTP status → count ('error' for transport failures and timeouts). */
  statuses: Record<string, number>;
  /** Response body bytes, summed over all replies. */
  bytes: number;
  /** Replies with status 200 that did not contain the partner's name (expectName only). */
  wrongReplies: number;
  /** The first failure or wrong reply seen, for the report. */
  sample?: string;
}

/** What the bench sends the load generator: its setup once, then jobs, then 'close'. */
export type ClientMessage = { setup: ClientSetup } | RunRequest | { stop: number } | 'close';
