import { lifecycleLine } from '../../domain/playbooks/lifecycle';
import { stepLabel, type RunView } from '../../domain/playbooks/run-model';
import type { RunStart } from '../../domain/playbooks/runs';
import type { Playbook } from '../../domain/playbooks/schema';
import { lines, person, place, runHint } from './format';

/** Playbooks and their runs, as plain lines. A run's thread lives in Slack: here it is a link or a channel. */

export function playbookList(playbooks: readonly Playbook[]): string {
  return lines(
    `Playbooks (${playbooks.length})`,
    playbooks.flatMap((p) => [
      '',
      `${p.name} · ${p.id} · ${p.steps.length} steps${p.recurring ? ' · repeatable' : ''}`,
      `  ${p.description}`,
      `  ${p.steps.map((s) => s.name).join(' → ')}`,
      `  ${lifecycleLine(p)}.`,
    ]),
    '',
    `Start one: ${runHint('run <playbook> "<partner>"')}; the coach works in a thread in the partner channel.`,
  );
}

export const threadOf = (v: Pick<RunView, 'permalink' | 'channelId' | 'threadTs'>): string =>
  v.permalink ?? (v.threadTs && v.channelId ? `a thread in ${place(v.channelId)}` : 'no thread yet');

export function runList(runs: readonly RunView[], partnerName: string | null): string {
  const scope = partnerName ? `for ${partnerName}` : 'you started or whose partner you own';
  if (!runs.length)
    return lines(`No active or paused playbook runs ${scope}.`, `Start one: ${runHint('run <playbook> "<partner>"')}`);
  return lines(
    `Playbook runs (${runs.length})`,
    runs.map(
      (v) =>
        `  ${v.status === 'paused' ? '⏸' : '▶'} ${v.playbook.name} · ${v.partner.name} — ${stepLabel(v)}${v.status === 'paused' ? ' (paused)' : ''} · started by ${person(v.startedBy)} · ${threadOf(v)}`,
    ),
  );
}

/** The answer to `run <playbook> <partner>` before anything is posted (run.ts says what happened next). */
export function runStart(start: RunStart): string {
  switch (start.kind) {
    case 'start':
      return lines(
        start.threadless
          ? `${start.playbook.name} for ${start.partner.name} is already under way, without a thread yet.`
          : `Started the ${start.playbook.name} playbook for ${start.partner.name}.`,
      );
    case 'open':
      return lines(
        `${start.view.playbook.name} is already running for ${start.view.partner.name} (${stepLabel(start.view)}): ${threadOf(start.view)}.`,
      );
    case 'resumed':
      return lines(
        `Resumed ${start.view.playbook.name} for ${start.view.partner.name} at ${stepLabel(start.view)}: ${threadOf(start.view)}.`,
      );
    case 'offer':
      return lines(
        `“${start.name}” is not a partner yet. Add it first, then start ${start.playbook.name}:`,
        `  ${runHint(`add "${start.name}"`)}`,
        `  ${runHint(`run ${start.playbook.id} "${start.name}"`)}`,
      );
  }
}
