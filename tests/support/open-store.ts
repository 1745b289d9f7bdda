import { type Database, type OpenOptions, openDatabase, type Store } from '../../src/store';
import { TEST_IDS } from './slack-ids';

/**
 * Opens (and migrates) a database the way the app does, and returns the test workspace's store
 * with the whole database beside it: the workspace a single-workspace app started against the fake
 * Slack serves (auth.test names TEST_IDS.teamId).
 */
export type TestStore = Store & { database: Database; close(): Promise<void> };

export async function openStore(
  target: string,
  options: OpenOptions,
  workspaceId: string = TEST_IDS.teamId,
): Promise<TestStore> {
  const database = await openDatabase(target, options);
  return Object.assign(database.workspace(workspaceId), { database, close: () => database.close() });
}
