import { systemClock } from '../domain/clock';
import { answerLine, type Outcome } from '../domain/commands/run';
import { plainWire, tokenizeWith } from '../domain/commands/tokenize';
import { DomainError } from '../domain/errors';
import { localDate } from '../domain/partners/model';
import type { WorkspaceServices } from '../domain/workspaces/directory';
import { CliError, type CliIo, CliUsageError } from './io';
import { type SlackAfter, slackAfter } from './slack-edge';
import { lines, runHint } from './text/format';
import { outcomeText } from './text/outcome';
import { type CliWorkspace, openWorkspace } from './open-workspace';

/**
 * `partneros run "<text>" --as <member id>`: one `/partner` line answered in the terminal, as plain
 * text. It goes through the same parser and domain services as the Slack command, so what it records
 * (rows, audit log) is what the same line typed in Slack records. What happens in Slack afterwards (a
 * change notice, a playbook's thread) needs the bot token; without one it is skipped and said so.
 */

export interface RunOptions {
  readonly as: string;
  readonly team?: string;
}

const MEMBER_ID = /^[UW][A-Z0-9]{2,}$/;

export async function runLine(text: string, options: RunOptions, io: CliIo): Promise<void> {
  const actor = options.as.replace(/^@/, '');
  if (!MEMBER_ID.test(actor))
    throw new CliUsageError(
      `--as ${options.as} is not a Slack member id. Use yours, e.g. --as U0123ABCD (in Slack: your profile → ⋮ → Copy member ID).`,
    );
  const clock = systemClock;
  const ws = await openWorkspace(io, { team: options.team, clock, adopt: true, create: true });
  try {
    const services = await ws.services();
    let outcome: Outcome;
    try {
      outcome = await answerLine({ ...services, workspace: services }, tokenizeWith(text, plainWire), {
        actor,
        typedIn: '',
        tiers: services.company.tiers,
        today: localDate(clock.now(), services.company.reminders.timezone),
      });
    } catch (error) {
      if (error instanceof DomainError) throw new CliError(`${plain(error.message)}\n${plain(error.fix)}`);
      throw error;
    }
    io.out(await answer(ws, services, await slackAfter(ws, clock), outcome, actor));
  } finally {
    await ws.close();
  }
}

/** A fix written for Slack names `/partner …`: here it is typed after `npx partneros run`. */
const plain = (text: string): string =>
  text.replace(/`\/partner ([^`]*)`/g, (_m, line: string) => runHint(line)).replace(/`([^`]*)`/g, '$1');

async function answer(
  ws: CliWorkspace,
  services: WorkspaceServices,
  slack: SlackAfter | undefined,
  outcome: Outcome,
  actor: string,
) {
  // Why Slack was not told, once per answer.
  const noSlack = 'missing' in ws.slack ? ws.slack.missing : 'no bot token is known';
  switch (outcome.kind) {
    case 'fill': {
      const filled = await services.templates.fill({
        template: outcome.template,
        partner: outcome.partner,
        actor,
        names: { user: null, owner: null, channel: null },
      });
      const { document, rendered } = filled;
      return lines(
        `📄 ${document.title}, recorded.`,
        rendered.missing.length > 0 &&
          `Still to fill in: ${rendered.missing.map((m) => m.name).join(', ')} (they show as placeholders below).`,
        'It is printed here, not uploaded to Slack (fill it from Slack to get the file in the channel).',
        '',
        rendered.markdown,
      );
    }
    case 'change': {
      const reply = outcomeText(outcome);
      if (outcome.change.unchanged || !outcome.change.partner.channelId) return reply;
      if (!slack) return reply + lines(`Change notice to the partner channel skipped: ${noSlack}.`);
      const notice = await slack.announce([outcome.change]);
      if (notice.status === 'failed')
        return reply + lines(`The change notice was not posted in #${notice.channelId} (${notice.error}).`);
      if (notice.status === 'withheld')
        return reply + lines(`No notice in #${notice.channelId}: it is shared outside the company.`);
      return reply;
    }
    case 'run': {
      const reply = outcomeText(outcome);
      const start = outcome.start;
      if (start.kind === 'start' && (!slack || !start.channelId)) {
        // A thread needs a channel: in Slack the one the command was typed in, here only the partner's.
        const why = slack
          ? `${start.partner.name} has no partner channel to post it in; link one with ${runHint(`channel "${start.partner.name}" #C0123ABCD`)}`
          : noSlack;
        if (start.threadless) return reply + lines(`Its thread is posted when you start it again from Slack (${why}).`);
        const view = await services.runs.beginWithoutThread(start.runId);
        return (
          reply +
          lines(
            `The coach's thread was not posted (${why}): the run is at ${view.step.name} without one, and gets its thread when you start it again from Slack.`,
          )
        );
      }
      if (!slack) return reply;
      const after = await slack.afterRunStart(start, actor);
      return after.said ? reply + lines(after.said) : reply;
    }
    default:
      return outcomeText(outcome);
  }
}
