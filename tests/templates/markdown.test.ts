import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES_DIR, loadTemplates } from '../../src/domain/templates/load';
import { renderTemplate } from '../../src/domain/templates/render';
import { analyseBody } from '../../src/domain/templates/variables';
import { blockChars, chunkBlocks, markdownToBlocks } from '../../src/slack/blocks/markdown';
import { LIMITS } from '../../src/slack/blocks/text';
import { bareInput, demoInput } from '../support/demo-render';
import { nonEmpty } from '../support/tables';

const texts = (blocks: KnownBlock[]) =>
  blocks.map((b) => ('text' in b && typeof b.text === 'object' ? b.text.text : b.type)).join('\n');

/** Slack refuses the whole message when any of these is exceeded. */
function expectWithinLimits(messages: KnownBlock[][]): void {
  for (const blocks of messages) {
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(blocks.reduce((n, b) => n + blockChars(b), 0)).toBeLessThanOrEqual(LIMITS.messageChars);
    for (const b of blocks) {
      if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
      if (b.type === 'section' && b.text) {
        expect(b.text.text.length).toBeGreaterThan(0);
        expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
      }
    }
  }
}

describe('Markdown to Block Kit', () => {
  it('turns the top heading into a header and the others into bold lines that start a section', () => {
    const blocks = markdownToBlocks('# Plan for Acme\n\nIntro.\n\n## Goals\n\nGrow.\n\n### Detail\n\nMore.');
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Plan for Acme', emoji: true } });
    expect(texts(blocks.slice(1))).toBe('Intro.\n*Goals*\n\nGrow.\n*Detail*\n\nMore.');
  });

  it('converts emphasis, strike, code and links to mrkdwn', () => {
    const [b] = markdownToBlocks(
      '**bold** and *it* and ~~gone~~ and `x<y` and [the site](https://acme.example/a?b=1&c=2) and <https://auto.example>',
    );
    expect(texts([b as KnownBlock])).toBe(
      '*bold* and _it_ and ~gone~ and `x&lt;y` and <https://acme.example/a?b=1&c=2|the site> and <https://auto.example|https://auto.example>',
    );
  });

  it('escapes &, < and > in text once, so a typed <!channel> never pings', () => {
    expect(texts(markdownToBlocks('AT&T <!channel> 3 > 2 &amp; done'))).toBe(
      'AT&amp;T &lt;!channel&gt; 3 &gt; 2 &amp; done',
    );
  });

  it('renders ordered, nested and task lists', () => {
    const md = '1. first\n2. second\n   - inner **b**\n     - deeper\n\n- [ ] open task\n- [x] done task\n\n3) third';
    expect(texts(markdownToBlocks(md))).toBe(
      '1. first\n2. second\n    ◦ inner *b*\n        ▪ deeper\n\n☐ open task\n☑ done task\n\n3. third',
    );
  });

  it('renders a narrow table as aligned fixed-width text and a wide one as a line per row', () => {
    const narrow = texts(markdownToBlocks('| Step | Owner |\n|---|---|\n| Kickoff | Ana |\n| Launch & go | Bo |'));
    expect(narrow).toBe('```\nStep        │ Owner\n────────────┼──────\nKickoff     │ Ana\nLaunch &amp; go │ Bo\n```');
    const wide = texts(
      markdownToBlocks(
        `| Item | Description | Owner | Due |\n|---|---|---|---|\n| Contract | ${'a long description '.repeat(3)} | Legal team member | Next quarter |`,
      ),
    );
    expect(wide).toMatch(
      /^• \*Contract\* — Description: a long description a long des… · Owner: Legal team member · Due: Next quarter$/,
    );
  });

  it('keeps quotes, code blocks, rules and emoji', () => {
    const blocks = markdownToBlocks('> a quote\n> on two lines\n\n```\nconst a = b < c;\n```\n\n---\n\nDone 🎉');
    expect(texts(blocks)).toBe('> a quote\n> on two lines\n\n```\nconst a = b &lt; c;\n```\ndivider\nDone 🎉');
  });

  it('splits a section longer than 3,000 characters at line breaks, keeping code fences closed', () => {
    const long = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(30)}`).join('\n');
    const blocks = markdownToBlocks(`## Long\n\n${long}\n\n\`\`\`\n${long}\n\`\`\``);
    expectWithinLimits(chunkBlocks(blocks));
    expect(blocks.length).toBeGreaterThan(4);
    for (const b of blocks) if (b.type === 'section') expect((b.text?.text.match(/```/g) ?? []).length % 2).toBe(0);
    expect(texts(blocks)).toContain('line 199');
  });

  it('clips a header over 150 characters and splits many blocks into several messages', () => {
    const blocks = markdownToBlocks(
      `# ${'H'.repeat(200)}\n\n${Array.from({ length: 120 }, (_, i) => `## S${i}\n\ntext ${i}`).join('\n\n')}`,
    );
    const messages = chunkBlocks(blocks);
    expect(messages.length).toBeGreaterThan(1);
    expectWithinLimits(messages);
    expect(messages.flat()).toHaveLength(blocks.length);
  });

  const { templates } = loadTemplates([BUILTIN_TEMPLATES_DIR]);
  it.each(
    nonEmpty(
      templates.map((t) => [t.id, t] as const),
      'templates',
    ),
  )('%s stays within Slack’s limits, filled and bare', (_id, t) => {
    const fields = [...analyseBody(t.body).used].filter((n) => n.startsWith('answers.')).map((n) => n.slice(8));
    for (const input of [demoInput(fields), bareInput()]) {
      const blocks = markdownToBlocks(renderTemplate(t, input).markdown);
      expect(blocks.filter((b) => b.type === 'header').length).toBeGreaterThanOrEqual(1);
      expectWithinLimits(chunkBlocks(blocks));
      // Outside code blocks (tables), no Markdown syntax is left for Slack to show literally.
      expect(texts(blocks).replace(/```[\s\S]*?```/g, '')).not.toMatch(/\*\*|__|\]\(|^#+ /m);
    }
  });
});
