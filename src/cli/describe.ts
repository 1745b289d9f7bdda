/**
 * A command's help, as data the CLI program turns into commander's `.description()`, `.argument()`,
 * `.option()` and `.addHelpText('after', …)` calls.
 */
export interface CommandDescription {
  readonly name: string;
  /** One line, shown in `partneros --help`. */
  readonly summary: string;
  readonly arguments: readonly { readonly name: string; readonly description: string; readonly required: boolean }[];
  /** `flags` as commander spells them: `--out <folder>`, `--force`. */
  readonly options: readonly {
    readonly flags: string;
    readonly description: string;
    readonly default?: string;
    /** A required option: commander's `.requiredOption()`, so leaving it out is a usage error (exit 2). */
    readonly required?: boolean;
  }[];
  readonly examples: readonly string[];
}
