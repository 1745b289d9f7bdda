import type { KnownBlock } from '@slack/types';
import type { RunStart } from '../../domain/playbooks/runs';
import type { RunView } from '../../domain/playbooks/run-model';
import { lifecycleLine } from '../../domain/playbooks/lifecycle';
import type { Playbook } from '../../domain/playbooks/schema';
import { IDS } from '../ids';
import { stepTitle } from './run';
import { context, esc, header, linesToSections, message, section, type Message } from './text';

/** `/partner playbooks`: id verbatim, name, steps, what each is for, where it runs. */
export function renderPlaybooks(playbooks: readonly Playbook[]): Message {
  const blocks: KnownBlock[] = [header(`Playbooks (${playbooks.length})`)];
  blocks.push(
    ...linesToSections(
      playbooks.map(
        (p) =>
          `*${esc(p.name)}* · \`${p.id}\` · ${p.steps.length} steps${p.recurring ? ' · repeatable' : ''}\n${esc(p.description)}\n_${p.steps.map((s) => esc(s.name)).join(' → ')}_\n${lifecycleLine(p)}.`,
      ),
    ),
  );
  blocks.push(
    context(
      'Start one with `/partner run <playbook> "<partner>"`, or the shortcuts `/partner recruit|onboard|qbr|expand|exit "<partner>"`. The coach works in a thread in the partner channel.',
    ),
  );
  return message(`${playbooks.length} playbooks: ${playbooks.map((p) => p.id).join(', ')}`, blocks);
}

const where = (v: RunView): string =>
  v.permalink ? `<${v.permalink}|open thread>` : v.channelId ? `<#${v.channelId}>` : 'no thread';

/** `/partner runs [partner]`: active and paused runs with links to their threads. */
export function renderRuns(runs: readonly RunView[], partnerName: string | null): Message {
  const scope = partnerName ? `for ${partnerName}` : 'you started or whose partner you own';
  if (!runs.length) {
    return message(`No active playbook runs ${scope}.`, [
      section(
        `No active or paused playbook runs ${esc(scope)}.\nStart one with \`/partner run <playbook> "<partner>"\` (see \`/partner playbooks\`).`,
      ),
    ]);
  }
  const lines = runs.map(
    (v) =>
      `${v.status === 'paused' ? '⏸' : '▶'} *${esc(v.playbook.name)}* · ${esc(v.partner.name)} — ${esc(stepTitle(v))}${v.status === 'paused' ? ' (paused)' : ''} · started by <@${v.startedBy}> · ${where(v)}`,
  );
  return message(`${runs.length} playbook runs ${scope}`, [
    header(`Playbook runs (${runs.length})`),
    ...linesToSections(lines),
    context('A paused run carries on with its Resume button or `/partner run <playbook> "<partner>"`.'),
  ]);
}

/** The ack of `/partner run …`. */
export function renderRunStart(start: RunStart): Message {
  switch (start.kind) {
    case 'start':
      return message(`Starting ${start.playbook.name} for ${start.partner.name}…`, [
        section(
          `🧭 Starting the *${esc(start.playbook.name)}* playbook for *${esc(start.partner.name)}* in <#${start.channelId}>…`,
        ),
      ]);
    case 'open':
      return message(`${start.view.playbook.name} is already running for ${start.view.partner.name}.`, [
        section(
          `▶ *${esc(start.view.playbook.name)}* is already running for *${esc(start.view.partner.name)}* (${esc(stepTitle(start.view))}): ${where(start.view)}.`,
        ),
      ]);
    case 'resumed':
      return message(`Resumed ${start.view.playbook.name} for ${start.view.partner.name}.`, [
        section(
          `▶ Resumed *${esc(start.view.playbook.name)}* for *${esc(start.view.partner.name)}* at ${esc(stepTitle(start.view))}: ${where(start.view)}.`,
        ),
      ]);
    case 'offer':
      return message(`${start.name} is not a partner yet.`, [
        section(
          `“${esc(start.name)}” is not a partner yet. Add it as a prospect (you as owner, lowest tier) and start *${esc(start.playbook.name)}*, or check the spelling with \`/partner list\`.`,
        ),
        {
          type: 'actions',
          block_id: IDS.runRecommendBlock,
          elements: [
            {
              type: 'button',
              style: 'primary',
              action_id: IDS.runAddAndStart,
              value: `${start.playbook.id}:${start.name}`,
              text: { type: 'plain_text', text: `Add and start ${start.playbook.name}`.slice(0, 75), emoji: true },
            },
          ],
        },
      ]);
  }
}
