import type { Lang } from './language.js';

export interface Source {
  url: string;
  title: string;
}

export interface Translation {
  title: string;
  questions: string[];
  keywords: string[];
  /** Markdown subset. */
  answer: string;
  /** Hash of the Czech text this translation follows; differs from the current one = stale. */
  basedOn?: string | undefined;
}

export interface KbEntry {
  id: string;
  topic: string;
  escalate: boolean;
  reviewed: string;
  validUntil: string | null;
  sources: Source[];
  translations: Partial<Record<Lang, Translation>>;
}

export type Action = 'answer' | 'clarify' | 'escalate' | 'fallback' | 'smalltalk';
export type SmalltalkKind = 'greeting' | 'thanks' | 'bye';

export interface Candidate {
  entry: string;
  score: number;
}

/** What the matcher decided for one message, and why. */
export interface Decision {
  action: Action;
  lang: Lang;
  /** Chosen entry for answer (and escalate when an entry asks for it), else null. */
  entry: string | null;
  /** Offered when clarifying; the ranked top otherwise. */
  candidates: Candidate[];
  score: number;
  smalltalk?: SmalltalkKind;
  /** The message itself shows a crisis (violence, detention, exploitation, self-harm). */
  crisis?: boolean;
}
