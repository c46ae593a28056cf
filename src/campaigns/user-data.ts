import type { Store } from '../core/ports.js';
import type { UserDataPart } from '../core/user-data.js';

/**
 * The campaigns' part of one user's data, for "forget me" and the right of access: their
 * subscription, and the record of each announcement sent to them (erased records keep only the
 * counts, which name nobody; an announcement not yet sent to them is cancelled for them).
 */
export function campaignUserData(store: Store): UserDataPart {
  return {
    name: 'subscriptions',
    async erase(u) {
      const subscription = (await store.subscriptions.deleteByUser(u.channel, u.user)) ? 1 : 0;
      return subscription + (await store.announcements.forgetRecipient(u.channel, u.user));
    },
    async export(u) {
      const subscription = await store.subscriptions.get(u.channel, u.user);
      const deliveries = await store.announcements.deliveriesOf(u.channel, u.user);
      const announcements = [];
      for (const d of deliveries) {
        const a = await store.announcements.get(d.announcementId);
        announcements.push({ announcement: a?.name ?? null, text: a?.texts[d.lang] ?? null, lang: d.lang, status: d.status, at: d.updatedAt });
      }
      return { subscription: subscription ? { topics: subscription.topics, lang: subscription.lang, since: subscription.createdAt } : null, announcements };
    },
  };
}
