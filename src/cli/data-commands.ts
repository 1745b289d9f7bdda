import type { Command } from 'commander';
import type { CommandDescription } from './describe';
import { describe as exportDescription, exportCommand, type ExportOptions } from './export';
import { describe as importDescription, helpAfter as importHelp, importCommand, type ImportOptions } from './import';
import type { CliIo } from './io';

/** A command from its description: arguments, options (required ones as usage errors) and examples in --help. */
function described(cli: Command, d: CommandDescription, more = ''): Command {
  const command = cli.command(d.name).description(d.summary);
  for (const a of d.arguments) command.argument(a.required ? `<${a.name}>` : `[${a.name}]`, a.description);
  for (const o of d.options) {
    if (o.required) command.requiredOption(o.flags, o.description, o.default);
    else command.option(o.flags, o.description, o.default);
  }
  return command.addHelpText('after', `${more}\nExamples:\n${d.examples.map((e) => `  ${e}`).join('\n')}\n`);
}

/** `import` and `export`: partners in and out as CSV. */
export function registerDataCommands(cli: Command, io: CliIo): void {
  described(cli, importDescription, importHelp).action((file: string, options: ImportOptions) =>
    importCommand(file, options, io),
  );
  described(cli, exportDescription).action((file: string | undefined, options: ExportOptions) =>
    exportCommand(file, options, io),
  );
}
