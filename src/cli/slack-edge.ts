import type { Clock } from '../domain/clock';
import { guidedCoach } from '../domain/coach/guided';
import type { Change } from '../domain/partners/service';
import type { RunStart } from '../domain/playbooks/runs';
import { createLogger } from '../logging';
import type { SharedDeps, SlackDeps } from '../slack/deps';
import { nameLookup } from '../slack/names';
import { announce, type Announcement } from '../slack/notices';
import { inWorkspace, requestDeps } from '../slack/request-scope';
import { keyedQueue } from '../slack/runs/queue';
import { afterRunStart } from '../slack/runs/thread';
import { sharedChannelCheck } from '../slack/shared-channels';
import type { CliWorkspace } from './open-workspace';
import { cliWebClient } from './slack-client';

/**
 * With the workspace's bot token, what a command does in Slack after its answer is done by the
 * app's own code, for the one workspace: the change notice in the partner's channel, a playbook's
 * thread. Nothing here decides anything the app would decide otherwise.
 */
export interface SlackAfter {
  announce(changes: readonly Change[]): Promise<Announcement>;
  /**
   * Posts the run's thread (or brings a resumed one back). `thread`: whether the run has one now;
   * `said`: the app's follow-up in a line (why nothing was started, when Slack refused).
   */
  afterRunStart(start: RunStart, actor: string): Promise<{ thread: boolean; said: string | null }>;
}

export async function slackAfter(ws: CliWorkspace, clock: Clock): Promise<SlackAfter | undefined> {
  if (!('token' in ws.slack)) return undefined;
  const client = cliWebClient(ws.slack.token, ws.config.slack.apiUrl);
  const logger = createLogger('silent');
  const names = nameLookup(logger);
  const [{ library, playbooks }, services] = await Promise.all([ws.libraries(), ws.services()]);
  const shared: SharedDeps = {
    config: ws.config,
    clock,
    logger,
    isSharedChannel: sharedChannelCheck(names),
    names,
    coach: guidedCoach({ templates: () => library.all(), playbooks: () => playbooks.all() }),
    runQueue: keyedQueue(),
    lifecycle: ws.lifecycle,
  };
  const deps: SlackDeps = requestDeps(shared);
  const within = <T>(fn: () => Promise<T>) => inWorkspace(shared, services, fn);
  return {
    announce: (changes) => within(() => announce(client, deps, changes)),
    afterRunStart: (start, actor) =>
      within(async () => {
        const follow = await afterRunStart(client, deps, start, actor);
        const runId = start.kind === 'start' ? start.runId : start.kind === 'offer' ? null : start.view.id;
        const view = runId === null ? null : await services.runs.view(runId).catch(() => null);
        return { thread: Boolean(view?.threadTs), said: follow?.text ?? null };
      }),
  };
}
