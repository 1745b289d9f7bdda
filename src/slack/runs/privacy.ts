import type { WebClient } from '@slack/web-api';
import type { PartnerMemory } from '../../domain/coach/engine';
import { sharedMemory } from '../../domain/playbooks/memory';
import type { SlackDeps } from '../deps';

/** What the coach may know when it answers in this channel: internal details stay out of Slack Connect channels. */
export async function forChannel<C extends { memory: PartnerMemory | null }>(
  client: WebClient,
  deps: SlackDeps,
  channel: string,
  context: C,
): Promise<C> {
  if (!context.memory || deps.config.company.privacy.internal_details_in_shared_channels) return context;
  if (!(await deps.isSharedChannel(client, channel))) return context;
  return { ...context, memory: sharedMemory(context.memory) };
}
