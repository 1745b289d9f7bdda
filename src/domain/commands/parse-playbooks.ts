import { InvalidValue, UsageError } from '../errors';
import { MAX_NAME_LENGTH } from '../partners/model';
import type { SubcommandSpec } from './catalogue';
import { joinTokens, type Token } from './tokens';

/** The playbook commands' share of `/partner`: playbooks, run, the shortcuts, runs. */
export type PlaybookCommand =
  | { sub: 'playbooks' }
  | { sub: 'run'; playbook: string; partnerName: string }
  | { sub: 'runs'; partnerName?: string };

export const SHORTCUTS = ['recruit', 'onboard', 'qbr', 'expand', 'exit'] as const;

const usage = (spec: SubcommandSpec, message: string) =>
  new UsageError(message, `Usage: \`/partner ${spec.usage}\` — e.g. \`/partner ${spec.example}\``, spec.name);

function partnerName(spec: SubcommandSpec, tokens: readonly Token[], what: string): string {
  const name = joinTokens(tokens).trim();
  if (!name) throw usage(spec, `\`${spec.name}\` needs ${what}.`);
  if ([...name].length > MAX_NAME_LENGTH) {
    throw new InvalidValue(
      `That partner name is ${[...name].length} characters; names are at most ${MAX_NAME_LENGTH}.`,
      'Check the name with `/partner list`.',
      'name',
    );
  }
  return name;
}

export function parsePlaybookCommand(spec: SubcommandSpec, args: readonly Token[]): PlaybookCommand | null {
  if (spec.name === 'playbooks') {
    if (args.length) throw usage(spec, '`playbooks` takes nothing after it.');
    return { sub: 'playbooks' };
  }
  if (spec.name === 'runs') {
    const name = joinTokens(args).trim();
    return name ? { sub: 'runs', partnerName: partnerName(spec, args, 'a partner name') } : { sub: 'runs' };
  }
  if (spec.name === 'run') {
    const [playbook, ...rest] = args;
    if (!playbook) throw usage(spec, '`run` needs a playbook id and a partner name (see `/partner playbooks`).');
    return {
      sub: 'run',
      playbook: playbook.text,
      partnerName: partnerName(spec, rest, 'a partner name after the playbook'),
    };
  }
  if ((SHORTCUTS as readonly string[]).includes(spec.name)) {
    return { sub: 'run', playbook: spec.name, partnerName: partnerName(spec, args, 'a partner name') };
  }
  return null;
}
