import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

/**
 * manifest.yml is what a user pastes into Slack. These checks keep it in step with the code:
 * every scope it asks for is justified, and every Web API method the code calls has its scope.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');

/** Web API method → bot scopes it needs (all of them). An empty list: no scope needed. */
const METHOD_SCOPES: Readonly<Record<string, readonly string[]>> = {
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'conversations.open': ['im:write'],
  'users.info': ['users:read'],
  // A partner owner given by e-mail in an imported CSV.
  'users.lookupByEmail': ['users:read.email'],
  // A CSV to import: its name, size and url_private (downloaded with the bot token).
  'files.info': ['files:read'],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  'files.uploadV2': ['files:write'],
  filesUploadV2: ['files:write'],
  // Reminder reconciliation reads partner channels (public or private) and owners' DMs.
  'conversations.history': ['channels:history', 'groups:history', 'im:history'],
  // Is a partner channel shared outside the company (Slack Connect)? Public and private channels.
  'conversations.info': ['channels:read', 'groups:read'],
  'chat.getPermalink': [],
  'views.publish': [],
  'views.open': [],
  'views.update': [],
  'views.push': [],
  'auth.test': [],
  'apps.connections.open': [],
};

/** Bot event → the scope Slack requires before it delivers the event. */
const EVENT_SCOPES: Readonly<Record<string, readonly string[]>> = {
  app_home_opened: [],
  app_mention: ['app_mentions:read'],
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  'message.im': ['im:history'],
  app_uninstalled: [],
  tokens_revoked: [],
};

const REQUIRED_EVENTS = [
  'app_home_opened',
  'app_mention',
  'message.channels',
  'message.groups',
  'message.im',
  'app_uninstalled',
  'tokens_revoked',
];

interface Manifest {
  display_information: { name: string; description?: string; long_description?: string };
  features: {
    app_home?: { home_tab_enabled?: boolean; messages_tab_enabled?: boolean; messages_tab_read_only_enabled?: boolean };
    bot_user?: { display_name: string; always_online?: boolean };
    slash_commands?: {
      command: string;
      description: string;
      usage_hint?: string;
      should_escape?: boolean;
      url?: string;
    }[];
  };
  oauth_config: { scopes: { bot?: string[]; user?: string[] } };
  settings: {
    event_subscriptions?: { request_url?: string; bot_events?: string[]; user_events?: string[] };
    interactivity?: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled?: boolean;
    org_deploy_enabled?: boolean;
    token_rotation_enabled?: boolean;
  };
}

const manifestText = readFileSync(join(ROOT, 'manifest.yml'), 'utf8');
const manifest = load(manifestText) as Manifest;
const botScopes = new Set(manifest.oauth_config?.scopes?.bot ?? []);
const botEvents = manifest.settings?.event_subscriptions?.bot_events ?? [];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Every Web API method called from src/, with the files that call it. */
function methodsCalledInSource(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const note = (method: string, file: string) => {
    const files = found.get(method) ?? [];
    if (!files.includes(file)) files.push(file);
    found.set(method, files);
  };
  // client.chat.postMessage(…), this.web.apps.connections.open(…), client.files.uploadV2(…)
  const namespaced =
    /\.\s*(chat|views|conversations|users|files|reactions|team|apps|auth|bots|pins|bookmarks)((?:\s*\.\s*[a-zA-Z][a-zA-Z0-9]*)+)\s*\(/g;
  const uploadV2 = /\bfilesUploadV2\s*\(/g;
  const apiCall = /\bapiCall\s*(?:<[^>]*>)?\s*\(\s*['"`]([a-zA-Z.]+)['"`]/g;
  for (const path of tsFiles(SRC)) {
    const file = relative(ROOT, path);
    // src/llm/ talks to the OpenAI-compatible API (client.chat.completions.create), not to Slack.
    if (file.startsWith(join('src', 'llm'))) continue;
    const text = readFileSync(path, 'utf8');
    for (const m of text.matchAll(namespaced)) note(`${m[1]}${(m[2] ?? '').replace(/\s+/g, '')}`, file);
    for (const _ of text.matchAll(uploadV2)) note('filesUploadV2', file);
    for (const m of text.matchAll(apiCall)) note(m[1] ?? '', file);
  }
  return found;
}

describe('manifest.yml', () => {
  it('names the app and describes it within Slack’s limits', () => {
    const info = manifest.display_information;
    expect(info.name).toBe('PartnerOS');
    expect(info.description?.length ?? 0).toBeGreaterThan(0);
    expect(info.description?.length ?? 0).toBeLessThanOrEqual(140);
    expect(info.long_description?.length ?? 0).toBeGreaterThanOrEqual(175);
    expect(info.long_description?.length ?? 0).toBeLessThanOrEqual(4000);
    expect(manifest.features.bot_user).toEqual({ display_name: 'PartnerOS', always_online: true });
  });

  it('declares /partner with escaped mentions and channels', () => {
    const partner = manifest.features.slash_commands?.find((c) => c.command === '/partner');
    expect(partner, '/partner is missing from features.slash_commands').toBeDefined();
    expect(partner?.should_escape).toBe(true);
    expect(partner?.description.length ?? 0).toBeGreaterThan(0);
    expect(partner?.usage_hint ?? '').toContain('help');
    expect((partner?.usage_hint ?? '').length).toBeLessThanOrEqual(1000);
    expect(partner?.url, 'Socket Mode takes no request URLs').toBeUndefined();
  });

  it('subscribes to the events the app handles', () => {
    for (const event of REQUIRED_EVENTS) expect(botEvents, `bot event ${event}`).toContain(event);
  });

  it('subscribes to every event a listener handles, and handles every event it subscribes to', () => {
    // The events router: `routes` maps Bolt's event type to its handler.
    const source = readFileSync(join(SRC, 'slack', 'events', 'index.ts'), 'utf8');
    const block = /const routes\b[^\n]*\{\n([\s\S]*?)\n\s*\};/.exec(source)?.[1] ?? '';
    const handled = [...block.matchAll(/^\s*([a-z_]+):/gm)].map((m) => m[1] ?? '');
    expect(handled.length, 'found no event routes in src/slack/events/index.ts — the scan is broken').toBeGreaterThan(
      3,
    );
    // `message.channels` and its kind are subscriptions Bolt delivers as `message`.
    const typeOf = (subscription: string) => subscription.split('.')[0] ?? subscription;
    const subscribedTypes = new Set(botEvents.map(typeOf));
    expect(
      handled.filter((t) => !subscribedTypes.has(t)),
      'handled but never delivered',
    ).toEqual([]);
    expect(
      botEvents.filter((e) => !handled.includes(typeOf(e))),
      'delivered but not handled',
    ).toEqual([]);
  });

  it('keeps the HTTP-mode block’s events the same as the live list, and shows the OAuth redirect URL', () => {
    const http = /^#\s+bot_events: \[([^\]]*)\]/m.exec(manifestText)?.[1];
    expect(http?.split(',').map((e) => e.trim())).toEqual(botEvents);
    expect(manifestText).toMatch(/^#\s+- https:\/\/YOUR-HOST\/slack\/oauth_redirect/m);
    expect(manifestText).toContain('Activate Public');
    expect(manifestText).toContain('src/config/manifest.ts');
  });

  it('enables interactivity, Socket Mode and the Home tab with DMs', () => {
    expect(manifest.settings.interactivity?.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions?.request_url).toBeUndefined();
    expect(manifest.settings.interactivity?.request_url).toBeUndefined();
    expect(manifest.settings.org_deploy_enabled).toBe(false);
    expect(manifest.settings.token_rotation_enabled).toBe(false);
    expect(manifest.features.app_home?.home_tab_enabled).toBe(true);
    expect(manifest.features.app_home?.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home?.messages_tab_read_only_enabled).toBe(false);
  });

  it('asks for no user scopes and no scope it cannot justify', () => {
    expect(manifest.oauth_config.scopes.user ?? []).toEqual([]);
    const justified = new Set<string>(['commands']);
    for (const scopes of Object.values(METHOD_SCOPES)) for (const s of scopes) justified.add(s);
    for (const scopes of Object.values(EVENT_SCOPES)) for (const s of scopes) justified.add(s);
    const unjustified = [...botScopes].filter((s) => !justified.has(s));
    expect(unjustified, 'scopes with no method or event in this test that needs them').toEqual([]);
    expect(botScopes.has('commands'), 'commands is needed for /partner').toBe(true);
  });

  it('has the scope of every subscribed event', () => {
    const problems: string[] = [];
    for (const event of botEvents) {
      const needs = EVENT_SCOPES[event];
      if (!needs) {
        problems.push(`${event}: not in EVENT_SCOPES in this test — add it with the scope Slack requires`);
        continue;
      }
      for (const scope of needs) if (!botScopes.has(scope)) problems.push(`${event} needs ${scope}`);
    }
    expect(problems).toEqual([]);
  });

  it('has the scope of every Web API method the code calls', () => {
    const called = methodsCalledInSource();
    expect(called.size, 'found no Web API calls under src/ — the scan is broken').toBeGreaterThan(0);
    const problems: string[] = [];
    for (const [method, files] of [...called].sort(([a], [b]) => a.localeCompare(b))) {
      const needs = METHOD_SCOPES[method];
      if (!needs) {
        problems.push(
          `${method} (called in ${files.join(', ')}) is not in METHOD_SCOPES — add it with its scope, and the scope to manifest.yml`,
        );
        continue;
      }
      for (const scope of needs) {
        if (!botScopes.has(scope))
          problems.push(`${method} (called in ${files.join(', ')}) needs ${scope}, missing from manifest.yml`);
      }
    }
    expect(problems).toEqual([]);
  });
});
