/**
 * Reading tables directly in a test, on whichever engine the suite runs on: plain SQL that both
 * SQLite and PostgreSQL understand (counts come back as numbers on both).
 */
import { sql } from 'kysely';
import type { Store } from '../../src/store';

export async function rows<T = Record<string, unknown>>(store: Store, text: string): Promise<T[]> {
  return (await sql.raw<T>(text).execute(store.db)).rows;
}

export async function one<T = Record<string, unknown>>(store: Store, text: string): Promise<T | undefined> {
  return (await rows<T>(store, text))[0];
}

/** The single value of a one-column query (`SELECT count(*) AS n …` → the count). */
export async function value<T = unknown>(store: Store, text: string): Promise<T | undefined> {
  const row = await one(store, text);
  return row === undefined ? undefined : (Object.values(row)[0] as T);
}
