import type { Conversation } from '../core/conversation.js';
import type { Store } from '../core/ports.js';
import type { HandoffPolicy } from '../conversation/turn.js';
import type { Translator } from '../i18n.js';
import { BusinessHours } from './business-hours.js';
import type { HandoffConfig } from './settings.js';

/** The team whose queue a topic belongs to. */
export function teamFor(cfg: Pick<HandoffConfig, 'teams' | 'defaultTeam'>, topic: string | null): string {
  if (topic) for (const [team, topics] of Object.entries(cfg.teams)) if (topics.includes(topic)) return team;
  return cfg.defaultTeam;
}

/**
 * Routing by topic and language: the conversation goes to the team of its topic; when nobody on
 * that team speaks the user's language, it is flagged so that staff arrange an interpreter.
 */
export function createHandoffPolicy(cfg: HandoffConfig, store: Store, i18n: Translator): HandoffPolicy {
  const hours = new BusinessHours(cfg);
  return {
    whenText(lang, now) {
      if (hours.isOpen(now)) return i18n.t(lang, 'handoff.whenOpen');
      const next = hours.nextOpening(now);
      return next ? i18n.t(lang, 'handoff.whenClosed', { next: hours.format(next, lang) }) : '';
    },
    async route(c: Conversation) {
      const team = teamFor(cfg, c.topic);
      const lang = c.lang;
      if (!lang) return { team, interpreter: false };
      const staff = await store.staff.list();
      const onTeam = staff.filter((s) => s.role !== 'editor' && (s.teams.length === 0 || s.teams.includes(team)));
      return { team, interpreter: !onTeam.some((s) => s.languages.includes(lang)) };
    },
  };
}
