import { DomainError } from '../errors';

/** A file that cannot be read as a partner CSV at all (not one row's problem): nothing is imported. */
export class ImportFileError extends DomainError {
  readonly code = 'import_file';
  constructor(
    message: string,
    fix: string,
    /** The physical line the trouble is on, when there is one. */
    readonly line?: number,
  ) {
    super(message, fix);
  }
}

/** An import plan that no longer matches the partners (someone changed them since it was shown). */
export class ImportOutdated extends DomainError {
  readonly code = 'import_outdated';
  constructor() {
    super(
      'The partners changed since this import was checked, so it was not applied.',
      'Here is what it would do now: check it and click Import again.',
    );
  }
}

/** Importing changes many partners at once: when the company names admins, only they may. */
export class ImportNotAllowed extends DomainError {
  readonly code = 'import_not_allowed';
  constructor() {
    super(
      'Only PartnerOS admins can import partners.',
      'Ask an admin to import the file, or to add you under `admins` in partneros.yml.',
    );
  }
}

/** No admins named: everyone may change partners, and so import them. */
export const mayImport = (admins: readonly string[], userId: string): boolean =>
  admins.length === 0 || admins.includes(userId);

export function assertMayImport(admins: readonly string[], userId: string): void {
  if (!mayImport(admins, userId)) throw new ImportNotAllowed();
}
