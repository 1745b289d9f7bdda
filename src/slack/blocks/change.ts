import type { KnownBlock } from '@slack/types';
import type { Change } from '../../domain/partners/service';
import { healthText, stageText } from './partner-format';
import { channel, context, esc, message, section, strong, user, type Message } from './text';

/** "tier set to Gold (was Silver)": the change in words, with the contract's verbs (added / set to / updated). */
export function describeChange(c: Change): string {
  const was = (v: string) => ` (was ${v})`;
  const p = c.partner;
  switch (c.action) {
    case 'added':
      return `added — tier ${esc(p.tier)}, stage ${stageText(p.stage)}, owner ${user(p.ownerUserId)}${p.channelId ? `, channel ${channel(p.channelId)}` : ''}`;
    case 'tier':
      return `tier set to ${esc(String(c.after))}${c.before ? was(esc(String(c.before))) : ''}`;
    case 'stage':
      return `stage set to ${stageText(String(c.after))}${c.before ? was(stageText(String(c.before))) : ''}`;
    case 'owner':
      return `owner set to ${user(String(c.after))}${c.before ? was(user(String(c.before))) : ''}`;
    case 'type':
      return `type set to ${esc(String(c.after))}${c.before ? was(esc(String(c.before))) : ''}`;
    case 'vertical':
      return `vertical set to ${esc(String(c.after))}${c.before ? was(esc(String(c.before))) : ''}`;
    case 'channel':
      return `channel set to ${channel(String(c.after))}${c.before ? was(channel(String(c.before))) : ''}`;
    case 'health': {
      const before = typeof c.before === 'number' ? was(String(c.before)) : '';
      return `health set to ${healthText(typeof c.after === 'number' ? c.after : null)}${before}`;
    }
    case 'note':
      return 'note added';
    case 'milestone':
      return `milestone “${esc(c.detail ?? '')}” added, due ${c.dueOn ?? ''}`;
    case 'done':
      return `milestone “${esc(c.detail ?? '')}” marked done`;
    case 'archived':
      return 'archived';
    case 'qbr':
      return c.unchanged
        ? `QBR held on ${String(c.after)} is already recorded; next QBR due ${c.dueOn ?? ''}`
        : `QBR held on ${String(c.after)} added; next QBR set to ${c.dueOn ?? ''}`;
  }
}

/** The free text that goes with a change (a note, a health reason), in its own block. */
function detailBlocks(c: Change): KnownBlock[] {
  if ((c.action === 'note' || c.action === 'health') && c.detail)
    return [section(`> ${esc(c.detail).replace(/\n/g, '\n> ')}`)];
  return [];
}

/** The ephemeral answer to whoever made the change. */
export function renderChangeReply(c: Change): Message {
  const what = describeChange(c);
  const p = c.partner;
  if (c.unchanged) {
    const already = `${what.replace(/ set to /, ' is already ').replace(/ \(was .*\)$/, '')} — nothing changed.`;
    return message(`${esc(p.name)}: ${already}`, [section(`${strong(p.name)}: ${already}`)]);
  }
  const where = p.channelId
    ? `Posted in ${channel(p.channelId)}.`
    : `Tip: link a channel with \`/partner channel "${esc(p.name)}" #channel\` and changes are posted there.`;
  return message(`✅ ${esc(p.name)}: ${what}`, [
    section(`✅ ${strong(p.name)}: ${what}${c.warning ? `\n:warning: ${esc(c.warning)}` : ''}`),
    ...detailBlocks(c),
    context(c.action === 'added' ? `See it: \`/partner show "${esc(p.name)}"\` · ${where}` : where),
  ]);
}

/** Who made a change: a Slack member, or the command-line tool (which acts as no member unless told `--as`). */
const byWhom = (actor: string): string => (/^[UW][A-Z0-9]+$/.test(actor) ? user(actor) : 'the command line');

/** The notice posted (not ephemerally) in the partner's channel, for one or several changes made together. Never carries Snooze. */
export function renderChangesNotice(changes: readonly Change[]): Message {
  const first = changes[0];
  if (!first) return message('No changes.', []);
  const what = changes.map(describeChange).join('; ');
  const name = first.partner.name;
  return message(`${esc(name)}: ${what} by ${byWhom(first.actor)}`, [
    section(`📝 ${strong(name)}: ${what} by ${byWhom(first.actor)}`),
    ...changes.flatMap(detailBlocks),
  ]);
}

export function renderNoticeWithheld(channelId: string): Message {
  const text = `Health and notes were not posted in ${channel(channelId)}: it is shared with people outside your company, and they stay internal.`;
  return message(text, [
    section(`:lock: ${text}`),
    context('To post them there anyway, set `privacy.internal_details_in_shared_channels: true` in partneros.yml.'),
  ]);
}

export function renderNoticeFailed(channelId: string, reason: string): Message {
  const fix =
    reason === 'not_in_channel' || reason === 'channel_not_found'
      ? `Invite me there with \`/invite @PartnerOS\` in ${channel(channelId)}, then changes will be posted.`
      : reason === 'is_archived'
        ? 'That channel is archived: link another one with `/partner channel "Name" #channel`.'
        : 'Slack refused the post; the change itself is saved.';
  return message(`The change is saved, but I could not post it in the partner channel (${reason}).`, [
    section(`:warning: The change is saved, but I could not post it in ${channel(channelId)} (\`${esc(reason)}\`).`),
    context(fix),
  ]);
}
