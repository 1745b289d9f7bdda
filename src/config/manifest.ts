import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load as parseYaml } from 'js-yaml';
import { z } from 'zod';
import { ConfigError } from './load';

export const MANIFEST_PATH = fileURLToPath(new URL('../../manifest.yml', import.meta.url));

const ManifestScopesSchema = z.object({
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string().min(1)).min(1) }) }),
});

/** The bot scopes "Add to Slack" asks for: manifest.yml's, the one list the Slack app is created from. */
export function manifestBotScopes(path = MANIFEST_PATH): string[] {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `${path} cannot be read (${error instanceof Error ? error.message : String(error)}): the install page takes its scopes from it. Restore it from the repository.`,
    );
  }
  const parsed = ManifestScopesSchema.safeParse(raw);
  if (!parsed.success)
    throw new ConfigError(
      `${path} has no oauth_config.scopes.bot list: the install page takes its scopes from it. Restore it from the repository.`,
    );
  return parsed.data.oauth_config.scopes.bot;
}
