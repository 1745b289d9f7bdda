/** What the database said, sorted into what callers can act on. */

const codeOf = (error: unknown): string | undefined =>
  error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : undefined;

/** Two writers raced for one unique key (a partner name, an open run, a document version). */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/** Network-level failures of node-postgres and PostgreSQL's own "cannot serve now" classes. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection closed/i;

/** The database cannot be reached (or cannot answer) right now; trying again later may work. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailable) return true;
  const code = codeOf(error);
  if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return error instanceof Error && UNAVAILABLE_MESSAGES.test(error.message);
}

export class DatabaseUnavailable extends Error {
  constructor(
    readonly where: string,
    options?: ErrorOptions,
  ) {
    super(`The database (${where}) is unavailable.`, options);
    this.name = 'DatabaseUnavailable';
  }
}

/** The database could not be reached at start: the message names the setting, the server and the cause. */
export class DatabaseUnreachable extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DatabaseUnreachable';
  }
}

/** The cause as a person can read it: the error code and the driver's first line. */
export function describeCause(error: unknown): string {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (error instanceof AggregateError && error.errors.length > 0) return describeCause(error.errors[0]);
  return code && !message?.includes(code) ? `${code}: ${message}` : (message ?? 'unknown error');
}

/** What to do about a PostgreSQL error that is not a network failure (so waiting will not help). */
export function postgresAdvice(error: unknown): string | undefined {
  const code = codeOf(error);
  if (code === '28P01' || code === '28000') return 'Check the user name and password in the URL.';
  if (code === '3D000') return 'Create the database first (for example `createdb partneros`), or name one that exists.';
  return undefined;
}
