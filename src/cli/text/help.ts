import { SUBCOMMANDS, type SubcommandSpec } from '../../domain/commands/catalogue';
import { lines } from './format';

/** The `/partner` grammar, as `npx partneros run` takes it. */

const entry = (s: SubcommandSpec) => [
  `  ${s.usage}${s.available ? '' : '  (coming soon)'}`,
  `      ${s.summary} e.g. ${s.example}`,
];

export function help(intro?: string): string {
  const groups = [...new Set(SUBCOMMANDS.map((s) => s.group))];
  return lines(
    intro,
    'PartnerOS commands — type any of them after npx partneros run, in quotes, with --as <your Slack member id>:',
    groups.flatMap((g) => ['', g, ...SUBCOMMANDS.filter((s) => s.group === g).flatMap(entry)]),
    '',
    'Names with spaces go in quotes: "Acme Corp". People and channels by their Slack ids: owner=@U0123ABCD channel=#C0123ABCD.',
    'Health: 🟢 80+ · 🟡 50–79 · 🔴 below 50 · ⚪ not set. Stages: prospect, recruiting, onboarding, active, growing, at_risk, exited.',
  );
}

export function commandHelp(spec: SubcommandSpec): string {
  return lines(
    `${spec.usage}${spec.available ? '' : '  (coming soon)'}`,
    spec.summary,
    spec.details?.length ? ['', ...spec.details] : undefined,
    '',
    `Example: npx partneros run '${spec.example}' --as <member id>`,
  );
}

export function coming(spec: SubcommandSpec): string {
  return lines(`${spec.name} is coming soon — ${spec.summary.charAt(0).toLowerCase()}${spec.summary.slice(1)}`);
}
