import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { Completion } from '../../domain/playbooks/complete';
import type { RunView } from '../../domain/playbooks/run-model';
import type { Recommendation } from '../../domain/playbooks/recommend';
import type { DeliveredDocument } from '../documents';
import { IDS } from '../ids';
import { said } from './run';
import { context, esc, header, linesToSections, message, section, type Message } from './text';

export interface DocumentResult {
  title: string;
  templateId: string;
  delivered: DeliveredDocument | null;
  error?: string;
}

/** The start button of a recommended playbook: `<playbook>:<partner id>`. */
export const recommendationValue = (playbookId: string, partnerId: number): string => `${playbookId}:${partnerId}`;

export function parseRecommendationValue(value: string | undefined): { playbookId: string; partnerId: number } | null {
  const m = /^([a-z0-9-]+):(\d+)$/.exec(value ?? '');
  return m ? { playbookId: m[1] as string, partnerId: Number(m[2]) } : null;
}

function documentLine(d: DocumentResult): string {
  if (!d.delivered) return `⚠️ ${esc(d.title)}: not rendered (${esc(d.error ?? 'error')})`;
  const { filled, upload } = d.delivered;
  const name =
    upload.ok && upload.permalink ? `<${upload.permalink}|${esc(filled.document.title)}>` : esc(filled.document.title);
  const missing = filled.rendered.missing.length;
  const gaps = missing ? ` — ${missing} value${missing === 1 ? '' : 's'} still to fill` : '';
  const where = upload.ok
    ? upload.movedToDm
      ? ' (sent to your DM)'
      : ''
    : ` — upload failed (${esc(upload.error)}); the text is kept`;
  // The stored title already ends with its version ("… — Acme Corp v2").
  return `📄 ${name}${gaps}${where}`;
}

export function recommendationButtons(recs: readonly Recommendation[], partnerId: number): ActionsBlock | null {
  if (!recs.length) return null;
  const elements: Button[] = recs.map((r, i) => ({
    type: 'button',
    text: { type: 'plain_text', text: `Start ${r.playbook.name}`.slice(0, 75), emoji: true },
    action_id: `${IDS.runStart}.${i}`,
    value: recommendationValue(r.playbook.id, partnerId),
    ...(i === 0 ? { style: 'primary' as const } : {}),
  }));
  return { type: 'actions', block_id: IDS.runRecommendBlock, elements };
}

/** The last message of a run: its documents, the success criteria to check, what changed, what next. */
export function renderCompletion(
  v: RunView,
  c: Completion,
  documents: readonly DocumentResult[],
  actor: string,
): Message {
  const blocks: KnownBlock[] = [header(`✅ ${v.playbook.name} complete · ${v.partner.name}`.replace(/\?/g, '？'))];
  blocks.push(
    ...linesToSections([`*Documents* (${documents.length}, uploaded in this thread)`, ...documents.map(documentLine)]),
  );
  if (c.skipped.length) {
    blocks.push(
      section(
        `⏭ Skipped: ${c.skipped.map((s) => `${esc(s.name)} (${s.templates.map((id) => `\`/partner template ${id} "${said(v.partner.name)}"\``).join(', ')} fills it later)`).join('; ')}`,
      ),
    );
  }
  blocks.push(...linesToSections(['*Success criteria*', ...v.playbook.success_criteria.map((s) => `☐ ${esc(s)}`)]));
  const changes = [
    c.stage ? `Stage set to *${c.stage.after.replace('_', ' ')}* (was ${c.stage.before.replace('_', ' ')}).` : null,
    `Milestone recorded: “${esc(c.milestone)}”.`,
    c.qbrHeldOn ? `QBR recorded as held on ${c.qbrHeldOn}; the next one is planned from it.` : null,
  ].filter((s): s is string => s !== null);
  blocks.push(section(changes.join('\n')));
  if (c.recommendations.length) {
    blocks.push(
      section(
        `*Next*\n${c.recommendations.map((r) => `• *${esc(r.playbook.name)}* (\`${r.playbook.id}\`): ${esc(r.reason)}.`).join('\n')}`,
      ),
    );
    const buttons = recommendationButtons(c.recommendations, v.partner.id);
    if (buttons) blocks.push(buttons);
  } else {
    blocks.push(section('*Next*\nNo further playbook is suggested for this partner now.'));
  }
  blocks.push(context(`Completed by <@${actor}>.`));
  return message(
    `${v.playbook.name} complete for ${v.partner.name}: ${documents.length} documents.`.replace(/\?/g, '？'),
    blocks,
  );
}
