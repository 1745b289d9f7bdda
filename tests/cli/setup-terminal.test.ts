import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from '@inquirer/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inquirerPrompter, type PromptRunner } from '../../src/cli/prompts';
import { setup } from '../../src/cli/setup';
import { loadCompanyConfig } from '../../src/config/load';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { captureIo } from './scripted-prompts';

/**
 * The wizard through the real @inquirer/prompts, each prompt rendered on @inquirer/testing's virtual
 * terminal: keystrokes in, the screen read back. This checks what the scripted tests cannot: masking,
 * validation messages shown under the answer, defaults on Enter, the select and confirm prompts.
 */

const BOT = 'xoxb-9999-terminal-secret';
const APP = 'xapp-1-A0-terminal-secret';

type Screen = Awaited<ReturnType<typeof render>>;
/** What the person types at a prompt whose message matches. */
type Keys = (screen: Screen) => Promise<void>;

const typeLine =
  (text: string): Keys =>
  async ({ events }) => {
    events.type(text);
    events.keypress('enter');
  };
const enter: Keys = async ({ events }) => events.keypress('enter');

let slack: FakeSlack;
let dir: string;
beforeAll(async () => {
  slack = await startFakeSlack({ tokens: [BOT, APP] });
  dir = mkdtempSync(join(tmpdir(), 'partneros-setup-tty-'));
});
afterAll(async () => {
  await slack.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('partneros setup in a terminal (the real prompt library)', () => {
  it('masks the tokens, shows validation problems, takes defaults on Enter and writes loadable files', async () => {
    const screens: Record<string, string> = {};
    const keys: [RegExp, Keys][] = [
      [/company’s name/, typeLine('Initech')],
      [/website|product|value proposition|contact at your company/, enter],
      [
        /e-mail/,
        async (s) => {
          s.events.type('not-an-address');
          s.events.keypress('enter');
          await s.nextRender();
          screens.email = s.getScreen();
          for (let i = 0; i < 'not-an-address'.length; i++) s.events.keypress('backspace');
          s.events.type('dana@initech.example');
          s.events.keypress('enter');
        },
      ],
      [/Currency/, enter],
      [/default tiers/, enter],
      [/Admins/, enter],
      [/Time zone/, typeLine('Asia/Tokyo')],
      [/Hour reminders/, enter],
      [
        /reach PartnerOS/,
        async (s) => {
          screens.mode = s.getScreen();
          s.events.keypress('enter');
        },
      ],
      [
        /Bot User OAuth Token/,
        async (s) => {
          s.events.type(BOT);
          screens.token = s.getScreen();
          s.events.keypress('enter');
        },
      ],
      [/Signing Secret/, enter],
      [/App-Level Token/, typeLine(APP)],
    ];
    const run: PromptRunner = async (prompt, config) => {
      const screen = await render(prompt as Parameters<typeof render>[0], config);
      const message = (config as { message: string }).message;
      const match = keys.find(([pattern]) => pattern.test(message));
      if (!match) throw new Error(`unexpected prompt: ${message}`);
      await match[1](screen);
      return (await screen.answer) as never;
    };
    const io = captureIo({ SLACK_API_URL: slack.apiUrl });
    await setup({}, io, { prompts: inquirerPrompter(run), cwd: dir });

    expect(screens.email).toContain('not an e-mail address');
    expect(screens.mode).toContain('Socket Mode (no public URL; needs an App-Level Token)');
    expect(screens.token).toContain('*'.repeat(BOT.length));
    expect(screens.token).not.toContain(BOT.slice(5));

    const company = loadCompanyConfig(join(dir, 'partneros.yml'));
    expect(company.company).toMatchObject({
      name: 'Initech',
      currency: 'USD',
      contact: { email: 'dana@initech.example' },
    });
    expect(company.company.website).toBeUndefined();
    expect(company.tiers.map((t) => t.name)).toEqual(['Gold', 'Silver', 'Bronze']);
    expect(company.reminders).toMatchObject({ timezone: 'Asia/Tokyo', hour: 9 });
    const env = readFileSync(join(dir, '.env'), 'utf8');
    expect(env).toContain(`SLACK_BOT_TOKEN=${BOT}`);
    expect(env).toContain(`SLACK_APP_TOKEN=${APP}`);
  });
});
