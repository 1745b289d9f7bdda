/**
 * A table-driven test over an empty table registers no test and passes silently. Tables built
 * from data (the library, the catalogue) go through this, so an empty one fails the suite instead.
 */
export function nonEmpty<T>(rows: readonly T[], what: string): readonly T[] {
  if (rows.length === 0) throw new Error(`The table of ${what} is empty: this test would check nothing.`);
  return rows;
}
