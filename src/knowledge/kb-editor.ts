import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '../core/errors.js';
import type { KbRevision, RevisionAction } from '../core/kb-revisions.js';
import type { KbEntry } from '../core/knowledge.js';
import { LANGS, type Lang } from '../core/language.js';
import type { Bus, Log, Store } from '../core/ports.js';
import { entryDiff, summarize, type FieldDiff } from './entry-diff.js';
import type { KnowledgeService } from './knowledge-service.js';
import { loadKnowledgeBase } from './loader.js';
import { normalizeDates, schemaProblems } from './schema.js';
import { isExpired, stamp, staleLanguages } from './staleness.js';

export const KB_TOPIC = 'kb';

export interface Editor {
  id: string;
  name: string;
}

/** What an editor's list shows of an entry, and why it needs attention. */
export interface EntrySummary {
  id: string;
  topic: string;
  title: string;
  reviewed: string;
  validUntil: string | null;
  expired: boolean;
  reviewOverdue: boolean;
  reviewAgeDays: number;
  missing: Lang[];
  stale: Lang[];
  /** 0: the shipped file; else the seq of the latest revision. */
  revision: number;
  editedBy: string | null;
  editedAt: string | null;
  /** The shipped file changed (an upgrade) after the latest revision was made over it. */
  baselineChanged: boolean;
  attention: boolean;
}

export interface EntryState {
  entry: KbEntry;
  summary: EntrySummary;
  baseline: KbEntry | null;
}

export class InvalidEntryError extends AppError {
  constructor(readonly problems: string[]) {
    super('BAD_INPUT', `the entry is not valid: ${problems.length} problem${problems.length === 1 ? '' : 's'}`, { problems });
  }
}

export interface KbEditorDeps {
  kbDir: string;
  store: Store;
  bus: Bus | null;
  /** The live matcher to update; null in the command line, which only reads and writes revisions. */
  knowledge: KnowledgeService | null;
  log: Log;
  clock: () => Date;
  reviewMaxAgeDays: number;
}

export const hashEntry = (e: KbEntry): string => createHash('sha256').update(JSON.stringify(e)).digest('hex').slice(0, 16);

/**
 * The knowledge base as editors change it: the shipped files are the baseline and the latest
 * revision of an entry (from the store) replaces its file. Every save is a revision; every
 * instance rebuilds its matcher from the store when told on the bus (and checks now and then,
 * since a bus message can be lost), so a change reaches every instance at once.
 */
export class KbEditor {
  private baseline = new Map<string, KbEntry>();
  private latest = new Map<string, KbRevision>();
  private current = new Map<string, KbEntry>();
  private headSeq = 0;
  private chain: Promise<void> = Promise.resolve();
  private unsubscribe: (() => Promise<void>) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private refreshing = false;

  private constructor(private readonly deps: KbEditorDeps) {}

  static async open(deps: KbEditorDeps, opts: { pollSeconds?: number } = {}): Promise<KbEditor> {
    const editor = new KbEditor(deps);
    // The running service has parsed the files already (about a second for the YAML); the command line has not.
    const shipped = deps.knowledge ? deps.knowledge.baseline : (await loadKnowledgeBase(deps.kbDir)).entries;
    editor.baseline = new Map(shipped.map((e) => [e.id, e]));
    await editor.reload(true);
    if (deps.bus) {
      editor.unsubscribe = await deps.bus.subscribe(KB_TOPIC, (payload) => {
        const head = (payload as { head?: unknown }).head;
        if (typeof head === 'number' && head > editor.headSeq) void editor.refresh();
      });
    }
    if (opts.pollSeconds && opts.pollSeconds > 0) {
      editor.timer = setInterval(() => void editor.refresh(), opts.pollSeconds * 1000);
      editor.timer.unref();
    }
    return editor;
  }

  /**
   * Stops listening. Waits for nothing that needs the store or the bus: during an outage they do
   * not answer, and shutdown must not hang (the bus is closed right after, which drops the handler).
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    void this.unsubscribe?.().catch(() => undefined);
  }

  get head(): number {
    return this.headSeq;
  }

  /** Reloads when the store holds revisions this instance has not seen. */
  async refresh(): Promise<void> {
    // One check at a time: while the store is down, checks would otherwise pile up.
    if (this.closed || this.refreshing) return;
    this.refreshing = true;
    try {
      const head = await this.deps.store.kbRevisions.head().catch(() => this.headSeq);
      if (head !== this.headSeq) await this.reload(false);
    } catch (e) {
      this.deps.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'knowledge base not reloaded; the next check tries again');
    } finally {
      this.refreshing = false;
    }
  }

  /** Rebuilds entries from the store, one rebuild at a time. */
  private reload(first: boolean): Promise<void> {
    this.chain = this.chain.catch(() => undefined).then(async () => {
      if (this.closed) return;
      const head = await this.deps.store.kbRevisions.head();
      if (!first && head === this.headSeq) return;
      const latest = await this.deps.store.kbRevisions.latest();
      this.latest = new Map(latest.map((r) => [r.entryId, r]));
      const current = new Map(this.baseline);
      for (const r of latest) {
        if (r.entry) current.set(r.entryId, r.entry);
        else current.delete(r.entryId);
      }
      this.current = current;
      this.headSeq = head;
      if (this.deps.knowledge && (!first || latest.length > 0)) this.deps.knowledge.replaceEntries([...current.values()]);
      if (!first) this.deps.log.info({ event: 'kb.reloaded', head, entries: current.size }, 'knowledge base reloaded');
    });
    return this.chain;
  }

  hasBaseline(id: string): boolean {
    return this.baseline.has(id);
  }

  entries(): KbEntry[] {
    return [...this.current.values()];
  }

  summaries(): EntrySummary[] {
    const rank = (s: EntrySummary): number => (s.expired ? 0 : s.reviewOverdue ? 1 : s.attention ? 2 : 3);
    return this.entries()
      .map((e) => this.summary(e))
      .sort((a, b) => rank(a) - rank(b) || (rank(a) === 1 ? a.reviewed.localeCompare(b.reviewed) : 0) || a.id.localeCompare(b.id));
  }

  get(id: string): EntryState {
    const entry = this.current.get(id);
    if (!entry) throw new AppError('NOT_FOUND', 'no such entry', { id });
    return { entry, summary: this.summary(entry), baseline: this.baseline.get(id) ?? null };
  }

  private summary(e: KbEntry): EntrySummary {
    const now = this.deps.clock();
    const rev = this.latest.get(e.id);
    const base = this.baseline.get(e.id);
    const ageDays = Math.floor((now.getTime() - Date.parse(`${e.reviewed}T00:00:00Z`)) / 86_400_000);
    const expired = isExpired(e, now);
    const reviewOverdue = ageDays > this.deps.reviewMaxAgeDays;
    const missing = LANGS.filter((l) => !e.translations[l]);
    const stale = staleLanguages(e);
    return {
      id: e.id,
      topic: e.topic,
      title: e.translations.cs?.title ?? e.translations.en?.title ?? e.id,
      reviewed: e.reviewed,
      validUntil: e.validUntil,
      expired,
      reviewOverdue,
      reviewAgeDays: ageDays,
      missing,
      stale,
      revision: rev?.seq ?? 0,
      editedBy: rev?.actorName ?? null,
      editedAt: rev?.at ?? null,
      baselineChanged: Boolean(rev && base && rev.baselineHash && rev.baselineHash !== hashEntry(base)),
      attention: expired || reviewOverdue || missing.length > 0 || stale.length > 0,
    };
  }

  /** Ids of entries an editor removed (their latest revision is a removal). */
  removedIds(): string[] {
    return [...this.latest.values()].filter((r) => r.entry === null).map((r) => r.entryId);
  }

  validate(input: unknown): KbEntry {
    return KbEditor.check(input);
  }

  /** The same rules as the files: the loader's schema, and the topic is the id's first part. */
  static check(input: unknown): KbEntry {
    const value = normalizeDates(input);
    const problems = schemaProblems(value);
    if (problems.length > 0) throw new InvalidEntryError(problems);
    const entry = value as KbEntry;
    if (entry.topic !== entry.id.split('.')[0]) throw new InvalidEntryError([`topic: must be "${entry.id.split('.')[0]}", the part of the id before the dot`]);
    return entry;
  }

  /**
   * Saves an edited or new entry as a revision. `expectedLatest` is the revision the editor
   * started from (0: the shipped file or nothing): a save over someone else's newer one is refused.
   */
  async save(by: Editor, input: unknown, opts: { id?: string; expectedLatest?: number; stamp?: Lang[]; action?: RevisionAction; create?: boolean }): Promise<{ revision: KbRevision | null; entry: KbEntry }> {
    let entry = this.validate(input);
    if (opts.id !== undefined && entry.id !== opts.id) throw new InvalidEntryError([`id: must stay "${opts.id}" (create a new entry to use another id)`]);
    const before = this.current.get(entry.id) ?? null;
    if (opts.create && before) throw new AppError('CONFLICT', `an entry ${entry.id} exists`, { id: entry.id });
    if (!opts.create && !before) throw new AppError('NOT_FOUND', 'no such entry', { id: entry.id });
    if (opts.stamp && opts.stamp.length > 0) entry = stamp(entry, opts.stamp);
    const diffs = entryDiff(before, entry);
    if (before && diffs.length === 0) return { revision: null, entry: before };
    const revision = await this.append(by, entry.id, entry, opts.action ?? (before ? 'edit' : 'create'), diffs, opts.expectedLatest);
    return { revision, entry };
  }

  async remove(by: Editor, id: string, expectedLatest?: number): Promise<KbRevision> {
    const before = this.current.get(id);
    if (!before) throw new AppError('NOT_FOUND', 'no such entry', { id });
    return this.append(by, id, null, 'remove', entryDiff(before, null), expectedLatest);
  }

  /** A new revision equal to an old one (or to the shipped file). */
  async rollback(by: Editor, id: string, target: string): Promise<KbRevision> {
    let restored: KbEntry | null;
    let label: string;
    if (target === 'baseline') {
      restored = this.baseline.get(id) ?? null;
      label = 'the shipped file';
    } else {
      const rev = await this.deps.store.kbRevisions.get(target);
      if (!rev || rev.entryId !== id) throw new AppError('NOT_FOUND', 'no such revision of this entry', { id, target });
      restored = rev.entry;
      label = `revision ${rev.seq}`;
    }
    if (!restored && !this.current.has(id)) throw new AppError('CONFLICT', 'the entry is already absent', { id });
    const diffs = entryDiff(this.current.get(id) ?? null, restored);
    return this.append(by, id, restored, 'rollback', diffs, undefined, { restored: target, summary: `restored ${label}${diffs.length ? `: ${summarize(diffs)}` : ''}` });
  }

  /** A question people asked, added to an entry's variants in its language. */
  async addVariant(by: Editor, id: string, lang: Lang, question: string): Promise<KbRevision | null> {
    const before = this.current.get(id);
    if (!before) throw new AppError('NOT_FOUND', 'no such entry', { id });
    const t = before.translations[lang];
    if (!t) throw new AppError('BAD_INPUT', `the entry has no ${lang} translation yet: write it first`, { id, lang });
    const q = question.trim();
    if (t.questions.some((x) => x.trim().toLowerCase() === q.toLowerCase())) return null;
    const entry: KbEntry = { ...before, translations: { ...before.translations, [lang]: { ...t, questions: [...t.questions, q] } } };
    this.validate(entry);
    return this.append(by, id, entry, 'variant', entryDiff(before, entry));
  }

  async history(id: string, limit = 200): Promise<KbRevision[]> {
    return this.deps.store.kbRevisions.history(id, { limit });
  }

  /** What a revision changed compared with the state before it (the previous revision, or the shipped file). */
  async diffOf(revisionId: string): Promise<{ revision: KbRevision; diffs: FieldDiff[] }> {
    const revision = await this.deps.store.kbRevisions.get(revisionId);
    if (!revision) throw new AppError('NOT_FOUND', 'no such revision', { id: revisionId });
    const older = (await this.deps.store.kbRevisions.history(revision.entryId)).find((r) => r.seq < revision.seq);
    const before = older ? older.entry : (this.baseline.get(revision.entryId) ?? null);
    return { revision, diffs: entryDiff(before, revision.entry) };
  }

  /** Compares entries read from files with the current state: what an import would change. */
  planImport(entries: KbEntry[]): { created: string[]; changed: { id: string; summary: string }[]; unchanged: number } {
    const plan = { created: [] as string[], changed: [] as { id: string; summary: string }[], unchanged: 0 };
    for (const e of entries) {
      const before = this.current.get(e.id) ?? null;
      const diffs = entryDiff(before, e);
      if (!before) plan.created.push(e.id);
      else if (diffs.length > 0) plan.changed.push({ id: e.id, summary: summarize(diffs) });
      else plan.unchanged++;
    }
    return plan;
  }

  async importEntries(by: Editor, entries: KbEntry[]): Promise<number> {
    let n = 0;
    for (const e of entries) {
      const before = this.current.get(e.id) ?? null;
      const diffs = entryDiff(before, e);
      if (before && diffs.length === 0) continue;
      await this.append(by, e.id, e, 'import', diffs);
      n++;
    }
    return n;
  }

  private async append(by: Editor, id: string, entry: KbEntry | null, action: RevisionAction, diffs: FieldDiff[], expectedLatest?: number, extra: { restored?: string; summary?: string } = {}): Promise<KbRevision> {
    const base = this.baseline.get(id);
    const revision = await this.deps.store.kbRevisions.append(
      {
        id: randomUUID(),
        entryId: id,
        entry,
        actor: by.id,
        actorName: by.name,
        at: this.deps.clock().toISOString(),
        action,
        summary: extra.summary ?? summarize(diffs),
        changes: diffs.map((d) => d.path),
        restored: extra.restored ?? null,
        baselineHash: base ? hashEntry(base) : null,
      },
      expectedLatest === undefined ? {} : { expectedLatest },
    );
    await this.reload(false);
    await this.deps.bus?.publish(KB_TOPIC, { head: revision.seq, entry: id }).catch((e: unknown) => this.deps.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'kb change not published; other instances pick it up on their next check'));
    this.deps.log.info({ event: 'kb.revision', entry: id, seq: revision.seq, action, actor: by.id }, 'knowledge base entry saved');
    return revision;
  }
}
