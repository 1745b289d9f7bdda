import type { Db } from './db';

export interface DocumentRow {
  id: number;
  partner_id: number;
  run_id: number | null;
  template_id: string;
  template_version: string;
  title: string;
  version: number;
  rendered_text: string;
  missing: string;
  status: 'rendered' | 'uploaded' | 'shared' | 'failed';
  slack_file_id: string | null;
  channel_id: string | null;
  thread_ts: string | null;
  permalink: string | null;
  last_error: string | null;
  created_by: string;
  created_at: string;
}

export interface NewDocument {
  partner_id: number;
  run_id: number | null;
  template_id: string;
  template_version: string;
  /** The title without its version; the stored title gets ` v<N>` from the version this insert takes. */
  title: string;
  rendered_text: string;
  missing: string[];
  created_by: string;
  created_at: string;
}

/** Rendered documents and their upload state. Versions count up per partner and template. */
export function documentStore(db: Db) {
  const nextVersion = db.prepare<[number, string], { v: number }>(
    'SELECT coalesce(max(version), 0) + 1 AS v FROM documents WHERE partner_id = ? AND template_id = ?',
  );
  const insert =
    db.prepare(`INSERT INTO documents (partner_id, run_id, template_id, template_version, title, version, rendered_text, missing, created_by, created_at)
    VALUES (@partner_id, @run_id, @template_id, @template_version, @title, @version, @rendered_text, @missing, @created_by, @created_at)`);
  const byId = db.prepare<[number], DocumentRow>('SELECT * FROM documents WHERE id = ?');
  const uploaded = db.prepare("UPDATE documents SET status = 'uploaded', slack_file_id = ? WHERE id = ?");
  const shared = db.prepare(
    "UPDATE documents SET status = 'shared', channel_id = ?, thread_ts = ?, permalink = ?, last_error = NULL WHERE id = ?",
  );
  const failed = db.prepare("UPDATE documents SET status = 'failed', last_error = ? WHERE id = ?");
  // Taking the next number and inserting in one immediate transaction: two renders at once get two versions.
  const add = db.transaction((d: NewDocument): DocumentRow => {
    const version = nextVersion.get(d.partner_id, d.template_id)?.v ?? 1;
    const id = Number(
      insert.run({ ...d, title: `${d.title} v${version}`, version, missing: JSON.stringify(d.missing) })
        .lastInsertRowid,
    );
    return byId.get(id) as DocumentRow;
  });
  return {
    add: (d: NewDocument): DocumentRow => add.immediate(d),
    markUploaded: (id: number, fileId: string) => void uploaded.run(fileId, id),
    markShared: (id: number, where: { channelId: string; threadTs: string | null; permalink: string | null }) =>
      void shared.run(where.channelId, where.threadTs, where.permalink, id),
    markFailed: (id: number, error: string) => void failed.run(error.slice(0, 500), id),
  };
}
