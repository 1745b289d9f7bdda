import { DEMO_COMPANY, DEMO_PARTNERS } from '../domain/demo/program';
import { EXPORTS } from '../domain/imports/export';
import type { CommandDescription } from './describe';

/**
 * What each `partneros` command is called, takes and shows in `--help`, as data apart from the code
 * that runs it: the program loads a command's code only when that command runs, so `--help` and a
 * usage mistake answer without loading the app.
 */

export const MIGRATE_DB: CommandDescription = {
  name: 'migrate-db',
  summary:
    'Copy everything from the current PARTNEROS_DB into an empty database (PostgreSQL, or another SQLite file), check the counts, and say what to change in .env. Stop PartnerOS first.',
  arguments: [],
  options: [
    {
      flags: '--to <target>',
      description: 'the new database: postgres://user:password@host:5432/dbname, or a file path',
      required: true,
    },
  ],
  examples: ['npx partneros migrate-db --to postgres://partneros:secret@db.internal:5432/partneros'],
};

export const DEMO: CommandDescription = {
  name: 'demo',
  summary: `Seed a sample partner program (${DEMO_PARTNERS.length} partners of ${DEMO_COMPANY.name}) to try PartnerOS on; --reset removes it`,
  arguments: [],
  options: [
    { flags: '--reset', description: 'delete the demo’s partners and everything of theirs; keeps what people added' },
    {
      flags: '--as <member id>',
      description: 'your Slack member id: you own the demo’s partners and wrote its notes',
      default: 'nobody owns them; notes by the first admin in partneros.yml, else Slackbot',
    },
    {
      flags: '--team <team id>',
      description: 'the workspace (its Slack team id), when several are on file or with "Add to Slack"',
    },
  ],
  examples: ['npx partneros demo', 'npx partneros demo --as U0123ABCD', 'npx partneros demo --reset'],
};

export const RUN: CommandDescription = {
  name: 'run',
  summary: 'Run one /partner command from the terminal and read the answer as plain text',
  arguments: [
    {
      name: 'text',
      description: 'what you would type after /partner, in single quotes: \'show "Acme Corp"\'',
      required: true,
    },
  ],
  options: [
    {
      flags: '--as <member id>',
      description: 'your Slack member id (U…): who the change is recorded as',
      required: true,
    },
    {
      flags: '--team <team id>',
      description: 'the workspace (its Slack team id), when several are on file or with "Add to Slack"',
    },
  ],
  examples: [
    "npx partneros run 'list' --as U0123ABCD",
    `npx partneros run 'add "Acme Corp" tier=Gold type=reseller' --as U0123ABCD`,
    `npx partneros run 'note "Acme Corp" Met their CTO; wants a pilot.' --as U0123ABCD`,
    "npx partneros run 'help' --as U0123ABCD",
  ],
};

export const SETUP: CommandDescription = {
  name: 'setup',
  summary: 'Answer a few questions to write partneros.yml (company, tiers, admins, reminders) and .env (Slack tokens)',
  arguments: [],
  options: [
    {
      flags: '--config <file>',
      description: 'the company file to write',
      default: 'PARTNEROS_CONFIG or ./partneros.yml',
    },
    { flags: '--env-file <file>', description: 'the environment file to write', default: './.env' },
  ],
  examples: ['npx partneros setup', 'npx partneros setup --config deploy/partneros.yml --env-file deploy/.env'],
};

export const CONVERT_PARTNEROS: CommandDescription = {
  name: 'convert-partneros',
  summary: 'Convert the templates and playbooks of the original PartnerOS into this one’s format',
  arguments: [
    {
      name: 'folder',
      description: 'the original PartnerOS folder (with docs/ and scripts/partner_agent/playbooks/)',
      required: true,
    },
  ],
  options: [
    {
      flags: '--out <folder>',
      description: 'the company folder to write templates/ and playbooks/ into',
      required: true,
    },
    { flags: '--force', description: 'replace files an earlier conversion wrote there' },
  ],
  examples: [
    'npx partneros convert-partneros ../PartnerOS --out ./company',
    'npx partneros convert-partneros ../PartnerOS --out ./company --force',
  ],
};

export const IMPORT: CommandDescription = {
  name: 'import',
  summary: 'Add and update partners from a CSV file (a dry run unless --apply)',
  arguments: [{ name: 'file', description: 'the CSV file (UTF-8, a header row naming the columns)', required: true }],
  options: [
    { flags: '--apply', description: 'write the changes (without it nothing is written)' },
    {
      flags: '--team <team id>',
      description: 'the workspace to import into (its Slack team id), when several are on file or with "Add to Slack"',
    },
    {
      flags: '--as <member id>',
      description: 'record the changes as made by this Slack member (default: the command line)',
    },
  ],
  examples: [
    'npx partneros import partners.csv            # what would change, and every problem by line',
    'npx partneros import partners.csv --apply    # write it',
  ],
};

/** After `import --help`: the columns it reads, and what the exit codes mean. */
export const IMPORT_HELP_AFTER = `
Columns (header row, any order, any case; other columns are reported and ignored):
  name      required; an existing partner with that name (ignoring case) is updated
  type      reseller, referral, si, isv, technology
  tier      one of the tiers in partneros.yml (default Gold, Silver, Bronze)
  stage     prospect, recruiting, onboarding, active, growing, at_risk, exited
  owner     a Slack member id (U…), or an e-mail (looked up in Slack; needs SLACK_BOT_TOKEN)
  channel   a Slack channel id (C…)
  vertical  free text
  health    a whole number from 0 to 100
An empty cell leaves the value as it is. A row with a problem is skipped whole; the others are written.
Exit codes: 0 done, 1 a problem to fix (rows skipped, file missing or unreadable), 2 bad usage.
`;

export const EXPORT: CommandDescription = {
  name: 'export',
  summary: 'Write the partners (or their notes, milestones or health history) as CSV',
  arguments: [{ name: 'file', description: 'the CSV file to write (default: standard output)', required: false }],
  options: [
    {
      flags: '--what <what>',
      description: `what to export: ${EXPORTS.join(', ')}`,
      default: 'partners',
    },
    {
      flags: '--team <team id>',
      description: 'the workspace to export (its Slack team id), when several are on file or with "Add to Slack"',
    },
  ],
  examples: [
    'npx partneros export partners.csv              # the same columns import reads',
    'npx partneros export > partners.csv',
    'npx partneros export notes.csv --what notes    # every note, with its partner’s name',
  ],
};
