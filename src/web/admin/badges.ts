import { h } from './dom.js';
import type { Strings } from './strings.js';
import type { EntrySummary } from './types.js';

/** Why an entry needs attention, in words and colour (never colour alone). */
export function entryBadges(s: Strings, e: EntrySummary): HTMLElement {
  const list = h('ul', { class: 'badges', 'aria-label': s.status });
  const add = (kind: string, text: string): void => void list.append(h('li', { class: `badge ${kind}`, text }));
  if (e.expired) add('danger', s.badgeExpired(e.validUntil ?? ''));
  if (e.reviewOverdue) add('warn', s.badgeOverdue(e.reviewAgeDays));
  if (e.missing.length) add('warn', s.badgeMissing(e.missing.join(', ')));
  if (e.stale.length) add('warn', s.badgeStale(e.stale.join(', ')));
  if (e.baselineChanged) add('info', s.badgeBaseline);
  if (e.revision > 0) add('info', s.badgeEdited);
  if (!e.attention && e.revision === 0 && !e.baselineChanged) add('ok', s.badgeOk);
  return list;
}
