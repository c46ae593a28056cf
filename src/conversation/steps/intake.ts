import type { Middleware } from '../composer.js';
import { parseCommand } from '../commands.js';
import { handOver } from '../escalate.js';
import type { PipelineDeps, Turn } from '../turn.js';

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/;
const PHONE = /\+?\d[\d\s()-]{7,}\d/;

/** The answers to the handoff intake: the kind of stay, then the question in a sentence (and a contact on the web). */
export function intake(deps: PipelineDeps): Middleware<Turn> {
  return async function intake(turn, next) {
    const c = turn.conversation;
    const p = c.pending;
    if (!p || p.kind !== 'intake') return next();
    c.pending = null;
    // Any command (/bot, /lang, ...) leaves the intake and is handled as usual.
    if (turn.text !== '' && parseCommand(deps, turn.text)) return next();
    const record = c.intake ?? { summary: null, residence: null, language: turn.lang, contact: null, skipped: false };
    c.intake = record;
    record.language = turn.lang;
    if (turn.postback === 'intake:skip') {
      record.skipped = true;
      return handOver(deps, turn, p.reason);
    }
    if (p.step === 'residence') {
      const n = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(turn.text);
      const picked = turn.postback ?? (n ? p.options?.[Number(n[1]) - 1]?.value : undefined);
      if (picked === 'intake:skip') {
        record.skipped = true;
        return handOver(deps, turn, p.reason);
      }
      record.residence = picked?.startsWith('intake:res:') ? picked.slice('intake:res:'.length) : turn.text.slice(0, 200) || null;
      const t = (k: string): string => deps.i18n.t(turn.lang, k);
      // The web chat has no way back to a visitor who closed the page: ask for a contact there.
      const question = c.address.channel === 'webchat' ? t('intake.summaryContact') : t('intake.summary');
      turn.replies.push({ content: { type: 'choice', text: question, options: [{ label: t('intake.skip'), value: 'intake:skip' }] }, action: 'intake' });
      c.pending = { kind: 'intake', step: 'summary', reason: p.reason };
      return;
    }
    if (turn.text !== '') {
      record.summary = turn.text.slice(0, 500);
      record.contact = EMAIL.exec(turn.text)?.[0] ?? PHONE.exec(turn.text)?.[0]?.trim() ?? null;
      // The sentence says what it is about better than anything before it: route by it.
      const d = deps.knowledge.decide(turn.text, { hint: turn.lang });
      const top = d.entry ?? d.candidates[0]?.entry;
      if (top) c.topic = deps.knowledge.entry(top)?.topic ?? c.topic;
    } else {
      record.skipped = true;
    }
    return handOver(deps, turn, p.reason);
  };
}
