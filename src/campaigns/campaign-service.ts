import { emptyCounts, openCount, type Announcement, type DeliveryCounts, type DeliveryStatus } from '../core/campaigns.js';
import { AppError } from '../core/errors.js';
import { LANGS, type Lang } from '../core/language.js';
import type { StaffUser } from '../core/staff.js';
import type { CampaignDeps, CampaignRunner } from './deps.js';
import { writtenLangs } from './content.js';
import type { Engine } from './engine.js';
import { previewAnnouncement, topicList, type Preview } from './preview.js';

export interface Draft {
  name: string;
  texts: Partial<Record<Lang, string>>;
  topics: string[];
}

export interface AnnouncementView {
  announcement: Announcement;
  counts: DeliveryCounts;
  /** Recipients in all, and how many have an outcome. */
  progress: { total: number; done: number };
  errors: { status: DeliveryStatus; error: string; count: number }[];
}

export const MAX_TEXT = 3000;

/**
 * The editors' use cases: write, preview, schedule or send, cancel, follow progress. The HTTP
 * routes and any other entry point call these; each change goes to the audit log.
 */
export class Campaigns {
  constructor(
    private readonly deps: CampaignDeps,
    readonly engine: Engine,
    private readonly runner: CampaignRunner,
  ) {}

  get runnerKind(): CampaignRunner['kind'] {
    return this.runner.kind;
  }

  /** Stops sending; sends in flight finish and are recorded first. */
  close(): Promise<void> {
    return this.runner.close();
  }

  topics() {
    return topicList(this.deps);
  }

  preview(draft: Pick<Draft, 'texts' | 'topics'>): Promise<Preview> {
    return previewAnnouncement(this.deps, this.clean(draft, false));
  }

  async list(limit = 100): Promise<AnnouncementView[]> {
    const all = await this.deps.store.announcements.list(limit);
    return Promise.all(all.map((a) => this.viewOf(a, false)));
  }

  async view(id: string): Promise<AnnouncementView> {
    return this.viewOf(await this.get(id), true);
  }

  async create(actor: StaffUser, draft: Draft): Promise<Announcement> {
    const d = this.clean(draft, true);
    const now = this.deps.clock().toISOString();
    const a: Announcement = {
      id: this.deps.newId(),
      name: draft.name.trim(),
      texts: d.texts,
      topics: d.topics,
      status: 'draft',
      scheduledAt: null,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
      startedAt: null,
      finishedAt: null,
      totals: null,
    };
    await this.deps.store.announcements.create(a);
    await this.audit(actor, 'announcement-create', a);
    return a;
  }

  /** Drafts and scheduled announcements may change; once sending, the text is what went out. */
  async update(actor: StaffUser, id: string, draft: Draft): Promise<Announcement> {
    const d = this.clean(draft, true);
    const current = await this.get(id);
    const patch = { name: draft.name.trim(), texts: d.texts, topics: d.topics, updatedAt: this.deps.clock().toISOString() };
    const editable = current.status === 'draft' || current.status === 'scheduled';
    // Compare-and-set on the status read: a start or cancel in between wins over the edit.
    const next = editable ? await this.deps.store.announcements.transition(id, [current.status], current.status, patch) : null;
    if (!next) throw new AppError('CONFLICT', `an announcement that is ${current.status} cannot be changed`, { id, status: current.status });
    await this.audit(actor, 'announcement-update', next);
    return next;
  }

  /** At `at`, or now when null or past. Recipients are taken when it starts, so late subscribers are included. */
  async schedule(actor: StaffUser, id: string, at: Date | null): Promise<Announcement> {
    const now = this.deps.clock();
    const when = at !== null && at.getTime() > now.getTime() ? at : now;
    const later = when !== now;
    const current = await this.get(id);
    if (writtenLangs(current.texts).length === 0 || current.topics.length === 0) throw new AppError('BAD_INPUT', 'write a text and choose a topic first', { id });
    const next = await this.deps.store.announcements.transition(id, ['draft', 'scheduled'], 'scheduled', { scheduledAt: when.toISOString(), updatedAt: now.toISOString() });
    if (!next) throw new AppError('CONFLICT', `an announcement that is ${current.status} cannot be scheduled`, { id, status: current.status });
    await this.runner.schedule(id, when);
    await this.audit(actor, later ? 'announcement-schedule' : 'announcement-send', next, { at: when.toISOString() });
    return next;
  }

  /** A scheduled announcement back to draft. */
  async unschedule(actor: StaffUser, id: string): Promise<Announcement> {
    const next = await this.deps.store.announcements.transition(id, ['scheduled'], 'draft', { scheduledAt: null, updatedAt: this.deps.clock().toISOString() });
    if (!next) throw new AppError('CONFLICT', 'only a scheduled announcement can be put back to draft', { id });
    await this.runner.unschedule(id);
    await this.audit(actor, 'announcement-unschedule', next);
    return next;
  }

  /** Stops it: nothing more is sent; what went out stays counted. */
  async cancel(actor: StaffUser, id: string): Promise<Announcement> {
    const now = this.deps.clock();
    const next = await this.deps.store.announcements.transition(id, ['draft', 'scheduled', 'sending'], 'cancelled', { updatedAt: now.toISOString() });
    if (!next) throw new AppError('CONFLICT', 'this announcement has finished and cannot be cancelled', { id });
    await this.runner.unschedule(id);
    const cancelled = await this.deps.store.announcements.cancelPending(id, now);
    await this.engine.complete(id);
    await this.audit(actor, 'announcement-cancel', next, { cancelled });
    return next;
  }

  private async get(id: string): Promise<Announcement> {
    const a = await this.deps.store.announcements.get(id);
    if (!a) throw new AppError('NOT_FOUND', 'no such announcement', { id });
    return a;
  }

  private async viewOf(a: Announcement, withErrors: boolean): Promise<AnnouncementView> {
    const store = this.deps.store.announcements;
    const live = a.status === 'draft' || a.status === 'scheduled' ? emptyCounts() : await store.counts(a.id);
    const counts = a.totals && openCount(live) === 0 && Object.values(live).every((n) => n === 0) ? a.totals : live;
    const total = Object.values(counts).reduce((x, y) => x + y, 0);
    return { announcement: a, counts, progress: { total, done: total - openCount(counts) }, errors: withErrors ? await store.errors(a.id) : [] };
  }

  private clean<T extends Pick<Draft, 'texts' | 'topics'>>(draft: T, strict: boolean): Pick<Draft, 'texts' | 'topics'> {
    const texts: Partial<Record<Lang, string>> = {};
    for (const l of LANGS) {
      const t = draft.texts[l]?.replace(/\r\n?/g, '\n').trim();
      if (!t) continue;
      if (t.length > MAX_TEXT) throw new AppError('BAD_INPUT', `the ${l} text is longer than ${MAX_TEXT} characters`, { lang: l });
      texts[l] = t;
    }
    const unknown = draft.topics.filter((t) => !this.deps.settings.topics.includes(t));
    if (unknown.length > 0) throw new AppError('BAD_INPUT', `unknown topic: ${unknown.join(', ')}`, { topics: unknown });
    if (strict && 'name' in draft && typeof draft.name === 'string' && draft.name.trim() === '') throw new AppError('BAD_INPUT', 'give the announcement a name');
    return { texts, topics: [...new Set(draft.topics)] };
  }

  private async audit(actor: StaffUser, action: string, a: Announcement, details: Record<string, string | number> = {}): Promise<void> {
    await this.deps.store.audit.append({
      id: this.deps.newId(),
      at: this.deps.clock().toISOString(),
      actor: actor.id,
      action,
      target: `announcement:${a.id}`,
      details: { status: a.status, topics: a.topics.join(','), languages: writtenLangs(a.texts).join(','), ...details },
    });
  }
}
