import type { ReminderProgram } from '../../domain/reminders/program';
import type { Logger } from '../../logging';
import { classify } from './faults';
import type { DeliveryWorkspace } from './outbox';

/** Per tick, at most this many users.info calls (Tier 4, ~100/min): a big program fills in over a few ticks. */
const MAX_LOOKUPS = 40;
const CONCURRENCY = 4;

/**
 * Learns recipients' time zones from users.info before a tick computes send times. Until a zone is
 * known (or when Slack will not say), `reminders.timezone` applies.
 */
export async function refreshZones(
  program: ReminderProgram,
  workspaceOf: (workspaceId: string) => Promise<DeliveryWorkspace | undefined>,
  logger: Logger,
  signal: AbortSignal,
): Promise<number> {
  const users = await program.usersNeedingZone(MAX_LOOKUPS);
  let learnt = 0;
  const work = async ({ workspaceId, userId: user }: { workspaceId: string; userId: string }) => {
    const ws = await workspaceOf(workspaceId);
    // A workspace without a token: its people wait (their rows stay stale) until it is installed again.
    if (!ws) return;
    const { client, reminders } = ws;
    try {
      const res = await client.users.info({ user });
      await reminders.saveZone(user, typeof res.user?.tz === 'string' ? res.user.tz : null);
      learnt += 1;
    } catch (error) {
      const fault = classify(error);
      // The workspace's own token is refused: it is stopped as a refused post would stop it, rather
      // than tried again at every tick for as long as someone's zone is unknown.
      if (fault.type === 'token') {
        const cancelled = await program.stopWorkspace(workspaceId, `workspace token refused: ${fault.code}`);
        logger.error(
          { kind: 'reminder', workspace: workspaceId, error: fault.code, cancelled },
          "Slack refused this workspace's token: its reminders are stopped until the app is installed again (Add to Slack, or a new SLACK_BOT_TOKEN)",
        );
        return;
      }
      // A user Slack does not know: remember that, so we do not ask every tick. Otherwise ask again next tick.
      if (fault.type === 'refused') await reminders.saveZone(user, null);
      logger.warn(
        { kind: 'reminder', user, error: fault.code },
        'time zone not read; using reminders.timezone for now',
      );
    }
  };
  for (let i = 0; i < users.length && !signal.aborted; i += CONCURRENCY) {
    await Promise.all(users.slice(i, i + CONCURRENCY).map(work));
  }
  return learnt;
}
