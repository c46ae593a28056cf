import type { Middleware } from '../composer.js';
import type { PipelineDeps, Turn } from '../turn.js';

/**
 * At first contact, before anything else is said: what is stored, for how long, who reads it, how
 * to delete it, and where the full policy is. Shown once per conversation (again after "forget
 * me", which starts a new one). Runs after the language step, so it is in the user's language.
 */
export function privacyNotice(deps: PipelineDeps): Middleware<Turn> {
  return async function privacyNotice(turn, next) {
    const settings = deps.settings.privacy;
    const c = turn.conversation;
    if (settings?.notice && !c.privacyNoticeAt) {
      const parts = [deps.i18n.t(turn.lang, 'privacy.notice', { days: settings.retentionDays })];
      if (settings.policyUrl) parts.push(deps.i18n.t(turn.lang, 'privacy.policy', { url: settings.policyUrl }));
      // "Forget me" as a button too (the same as /forget: it asks for a confirmation first).
      const forget = { label: deps.i18n.t(turn.lang, 'commandMenu.forget'), value: 'forget' };
      turn.replies.push({ content: { type: 'choice', text: parts.join('\n\n'), options: [forget] }, action: 'privacy-notice' });
      c.privacyNoticeAt = turn.now.toISOString();
    }
    return next();
  };
}
