import type { KnownBlock } from '@slack/types';
import { chunkBlocks, markdownToBlocks } from './markdown';
import { context, esc, section } from './text';

/**
 * A template's guidance (advice for whoever fills it, Markdown) as Block Kit: at a playbook step and in
 * `/partner template <id>`. Never part of the document itself. Guidance holds no `?` (the template schema
 * refuses one), so it can sit in a run thread next to the coach's pending question.
 */
export function guidanceBlocks(
  t: { id: string; title: string; guidance: string },
  limits: { blocks: number; chars: number },
): KnownBlock[] {
  const [first = [], ...rest] = chunkBlocks(markdownToBlocks(t.guidance), limits.blocks, limits.chars);
  const blocks: KnownBlock[] = [section(`📘 *About the ${esc(t.title)}*`), ...first];
  if (rest.length) blocks.push(context(`The rest of this advice: \`/partner template ${t.id}\``));
  return blocks;
}
