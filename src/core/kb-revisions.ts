import type { KbEntry } from './knowledge.js';

/** Why a revision was made; the editor's history shows it next to the summary. */
export type RevisionAction = 'edit' | 'create' | 'remove' | 'rollback' | 'variant' | 'import';

/**
 * One saved state of one knowledge-base entry. The shipped knowledge-base/ files are the
 * baseline; the latest revision of an entry, when there is one, replaces its file.
 * Each revision holds the whole entry, so a rollback is simply a new revision equal to an old one.
 */
export interface KbRevision {
  /** Assigned by the store, increasing across all entries: the newest revision has the highest. */
  seq: number;
  id: string;
  entryId: string;
  /** The whole entry as saved; null when the entry was removed. */
  entry: KbEntry | null;
  /** Staff id, or "cli". */
  actor: string;
  actorName: string;
  at: string;
  action: RevisionAction;
  /** What changed, in a line ("uk: answer; en: questions +1; reviewed"). */
  summary: string;
  /** The changed fields ("translations.uk.answer", "reviewed"). */
  changes: string[];
  /** For a rollback: the revision (or "baseline") restored. */
  restored?: string | null;
  /** Hash of the shipped file when the revision was made, so that a later upgrade of it can be shown. */
  baselineHash?: string | null;
}

export type NewRevision = Omit<KbRevision, 'seq'>;

export interface KbRevisionRepo {
  /**
   * Stores a revision and gives it the next seq. With `expectedLatest` (the seq of the entry's
   * latest revision the editor started from, 0 for none) it fails with CONFLICT when another
   * save came first, atomically across instances.
   */
  append(rev: NewRevision, opts?: { expectedLatest?: number }): Promise<KbRevision>;
  /** The latest revision of every entry that has one. */
  latest(): Promise<KbRevision[]>;
  /** One entry's revisions, newest first. */
  history(entryId: string, opts?: { limit?: number }): Promise<KbRevision[]>;
  get(id: string): Promise<KbRevision | null>;
  /** The highest seq stored (0 for none): instances compare it to know whether to reload. */
  head(): Promise<number>;
}

/** An editor's decision on a collected question: it became a variant, a new entry, or was set aside. */
export interface ReviewMark {
  key: string;
  how: 'variant' | 'entry' | 'dismissed';
  entryId: string | null;
  actor: string;
  at: string;
}

export interface ReviewMarks {
  mark(marks: ReviewMark[]): Promise<void>;
  /** Every mark, by key. */
  all(): Promise<Map<string, ReviewMark>>;
}
