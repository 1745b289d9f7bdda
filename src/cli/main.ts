import { existsSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import type { ConvertOptions } from './convert-partneros';
import { CONVERT_PARTNEROS, DEMO, EXPORT, IMPORT, IMPORT_HELP_AFTER, MIGRATE_DB, RUN, SETUP } from './commands';
import type { DemoOptions } from './demo';
import type { CommandDescription } from './describe';
import type { ExportOptions } from './export';
import type { ImportOptions } from './import';
import { CliError, type CliIo, CliUsageError, EXIT, processIo } from './io';
import type { RunOptions } from './run';
import type { SetupOptions } from './setup';

/**
 * `partneros <command>`: the command-line edge of PartnerOS. Like src/slack, it parses, calls the
 * store or the domain, and prints; the same environment and partneros.yml as the app. Each command's
 * code is imported when it runs, so help and usage mistakes answer without loading the app.
 */
function program(io: CliIo): Command {
  const cli = new Command('partneros')
    .description(
      'PartnerOS from the terminal: a sample program to try it on, /partner commands, importing and exporting partners, set-up, converting the original PartnerOS, the workspaces on its database, moving the database.',
    )
    .version(pkg.version)
    // A mistake is followed by the usage of the command it was made in (subcommands inherit this).
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  described(cli, MIGRATE_DB).action(async (options: { to: string }) =>
    (await import('./migrate-db')).migrateDb(options, io),
  );
  described(cli, IMPORT, IMPORT_HELP_AFTER).action(async (file: string, options: ImportOptions) =>
    (await import('./import')).importCommand(file, options, io),
  );
  described(cli, EXPORT).action(async (file: string | undefined, options: ExportOptions) =>
    (await import('./export')).exportCommand(file, options, io),
  );

  const workspace = cli
    .command('workspace')
    .description('The Slack workspaces on this database: list them, or erase one for good.');
  workspace
    .command('list')
    .description('Every workspace on file: its id, name, whether it is installed (and since when), and its partners.')
    .option('--json', 'print JSON (id, name, installed, installedAt, uninstalledAt, partners) instead of a table')
    .action(async (options: { json?: boolean }) => (await import('./workspace')).workspaceList(options, io));
  workspace
    .command('delete')
    .description(
      "Erase one workspace's data for good: partners, their history, documents, playbook runs, reminders, settings and its installation. Asks you to type the workspace id back first.",
    )
    .argument(
      '<workspace-id>',
      'the Slack team id (T…), or the organisation id (E…) of an org-wide install; see `workspace list`',
    )
    .option('--yes', 'do not ask (for scripts); needed when there is no terminal')
    .addHelpText(
      'after',
      '\nA workspace that is still installed can be erased too: its tokens go with it, PartnerOS stops answering there, and installing it again starts empty.\n\nExample:\n  npx partneros workspace delete T0123ABCD\n',
    )
    .action(async (workspaceId: string, options: { yes?: boolean }) =>
      (await import('./workspace')).workspaceDelete(workspaceId, options, io),
    );

  described(cli, DEMO).action(async (options: DemoOptions) => (await import('./demo')).demo(options, io));
  described(cli, RUN).action(async (text: string, options: RunOptions) =>
    (await import('./run')).runLine(text, options, io),
  );
  described(cli, SETUP).action(async (options: SetupOptions) => (await import('./setup')).setup(options, io));
  described(cli, CONVERT_PARTNEROS).action(async (folder: string, options: Omit<ConvertOptions, 'folder'>) =>
    (await import('./convert-partneros')).convertPartneros({ folder, ...options }, io),
  );
  return cli;
}

/** A subcommand whose help is written as data (src/cli/commands.ts); `more` goes before its examples. */
function described(cli: Command, d: CommandDescription, more = ''): Command {
  const sub = cli.command(d.name).description(d.summary);
  for (const a of d.arguments) sub.argument(a.required ? `<${a.name}>` : `[${a.name}]`, a.description);
  for (const o of d.options) {
    const text = o.default ? `${o.description} (default: ${o.default})` : o.description;
    if (o.required) sub.requiredOption(o.flags, text);
    else sub.option(o.flags, text);
  }
  if (more || d.examples.length)
    sub.addHelpText(
      'after',
      `${more}${d.examples.length ? `\nExamples:\n${d.examples.map((e) => `  ${e}`).join('\n')}\n` : ''}`,
    );
  return sub;
}

/** Runs one command line; resolves with the exit code (0 done, 1 user error, 2 bad usage). */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  if (io === processIo && existsSync('.env')) process.loadEnvFile('.env');
  const cli = program(io);
  if (argv.length === 0) {
    io.err(cli.helpInformation());
    return EXIT.usage;
  }
  try {
    await cli.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, successfully.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      io.err(`partneros: ${error.message}\n`);
      return error instanceof CliUsageError ? EXIT.usage : EXIT.userError;
    }
    io.err(`partneros: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.userError;
  }
}
