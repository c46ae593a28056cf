import type { KbEntry, Translation } from '../../core/knowledge.js';
import type { Lang } from '../../core/language.js';
import type { Insights } from '../../insights/aggregate.js';
import type { FieldDiff } from '../../knowledge/entry-diff.js';

/** Shapes of the editors' API (src/http/routes/admin-*.ts), as the page reads them. */
export type { FieldDiff, Insights, KbEntry, Lang, Translation };

export interface Me {
  id: string;
  email: string;
  name: string;
  role: 'staff' | 'editor' | 'admin';
}

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
  revision: number;
  editedBy: string | null;
  editedAt: string | null;
  baselineChanged: boolean;
  attention: boolean;
}

export interface EntryDetail {
  entry: KbEntry;
  summary: EntrySummary;
  baseline: KbEntry | null;
}

export interface RevisionBrief {
  id: string;
  seq: number;
  entryId: string;
  actorName: string;
  at: string;
  action: string;
  summary: string;
  changes: string[];
  restored: string | null;
  removed: boolean;
}

export interface SaveResult {
  revision: RevisionBrief | null;
  entry: KbEntry;
  summary: EntrySummary;
}

export interface PreviewChannel {
  channel: string;
  markup: 'html' | 'whatsapp' | 'markdown' | 'none';
  maxText: number;
  enabled: boolean;
  parts: string[];
  sourceParts: string[];
}

export interface TryResult {
  lang: Lang;
  action: string;
  entry: string | null;
  title: string | null;
  score: number;
  crisis: boolean;
  smalltalk: string | null;
  candidates: { entry: string; score: number; title: string }[];
  reply: string;
}

export interface ReviewGroup {
  id: string;
  text: string;
  count: number;
  keys: string[];
  lang: Lang;
  langs: Record<string, number>;
  kinds: Partial<Record<'missed' | 'unsure' | 'unhelpful', number>>;
  channels: Record<string, number>;
  entries: Record<string, number>;
  examples: { text: string; lang: Lang | null; count: number }[];
  lastAt: string;
  now: { action: string; entry: string | null; score: number; candidates: { entry: string; score: number }[] };
}
