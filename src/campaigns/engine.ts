import { openCount, subscriberKey, type Announcement, type Delivery, type DeliveryOutcome } from '../core/campaigns.js';
import { DeliveryError } from '../core/errors.js';
import { maskText } from '../core/mask.js';
import { announcementContent, pickLang, templateParameter } from './content.js';
import type { CampaignDeps, CampaignEngine, CampaignRunner, DeliverResult } from './deps.js';

const MAX_BACKOFF_MS = 10 * 60_000;

function reason(e: unknown): string {
  // A channel's words about the failure; masked all the same, in case one quotes a number.
  return maskText(e instanceof Error ? e.message : String(e)).slice(0, 300);
}

/**
 * The sending job's work, shared by both runners: take the recipients (begin), send to one
 * (deliver), and close the announcement when nobody is left (complete). Every step is safe to
 * repeat: recipients are added once, a delivery is claimed by one caller only, and a delivery
 * found "sending" (its sender stopped mid-send) is marked unconfirmed rather than sent again.
 */
export class Engine implements CampaignEngine {
  private runner: CampaignRunner | null = null;

  constructor(private readonly deps: CampaignDeps) {}

  attach(runner: CampaignRunner): void {
    this.runner = runner;
  }

  async begin(id: string): Promise<void> {
    const { store, clock, log } = this.deps;
    const now = clock();
    let a = await store.announcements.transition(id, ['scheduled'], 'sending', { startedAt: now.toISOString(), updatedAt: now.toISOString() });
    // Already sending: a repeated start (a retried job, a restart) resumes rather than starts again.
    if (!a) {
      const current = await store.announcements.get(id);
      if (current?.status !== 'sending') return;
      a = current;
    }
    const subscribers = await store.subscriptions.byTopics(a.topics);
    const deliveries: Delivery[] = [];
    for (const s of subscribers) {
      const conversation = await store.conversations.get(`${s.channel}:${s.address.thread}`);
      const lang = pickLang(a.texts, conversation?.lang ?? s.lang);
      if (!lang) continue;
      const unreachable = conversation?.unreachable ?? null;
      const enabled = this.deps.channels.get(s.channel) !== undefined;
      deliveries.push({
        announcementId: id,
        key: subscriberKey(s.channel, s.user),
        address: conversation?.address ?? s.address,
        lang,
        status: unreachable || !enabled ? 'dropped' : 'pending',
        attempts: 0,
        nextAt: now.toISOString(),
        updatedAt: now.toISOString(),
        error: unreachable ? `unreachable: ${maskText(unreachable.reason).slice(0, 200)}` : enabled ? null : `the ${s.channel} channel is off`,
      });
    }
    const added = await store.announcements.addDeliveries(deliveries);
    const pending = await store.announcements.pendingKeys(id);
    log.info({ event: 'announcement-start', announcement: id, recipients: deliveries.length, added, pending: pending.length }, 'announcement sending');
    if (pending.length > 0) await this.runner?.enqueue(id, pending.map((key) => ({ key, channel: deliveries.find((d) => d.key === key)?.address.channel ?? channelOfKey(key) })));
    await this.complete(id);
  }

  async deliver(id: string, key: string): Promise<DeliverResult> {
    const { store, clock } = this.deps;
    const a = await store.announcements.get(id);
    if (!a) return { result: 'skipped' };
    const { claimed, delivery } = await store.announcements.claim(id, key, clock());
    if (!claimed || !delivery) {
      if (delivery?.status === 'sending') {
        // Whoever claimed it stopped before recording the outcome: it may have arrived.
        await this.finish(a, delivery, { status: 'unconfirmed', error: 'the service stopped while this was being sent' });
        return { result: 'unconfirmed' };
      }
      await this.complete(id);
      return { result: 'skipped' };
    }
    if (a.status === 'cancelled') {
      await this.finish(a, delivery, { status: 'cancelled', error: null });
      return { result: 'cancelled' };
    }
    const content = announcementContent(this.deps.i18n, a, delivery.lang);
    if (!content) {
      await this.finish(a, delivery, { status: 'failed', error: `no text in ${delivery.lang}` });
      return { result: 'failed' };
    }
    try {
      await this.deps.channels.send(delivery.address, content, delivery.lang);
    } catch (e) {
      return this.failed(a, delivery, e);
    }
    await this.finish(a, delivery, { status: 'sent', error: null });
    await this.record(delivery, content.type === 'text' ? content.text : '');
    return { result: 'sent' };
  }

  private async failed(a: Announcement, d: Delivery, e: unknown): Promise<DeliverResult> {
    const { settings, store, log } = this.deps;
    const error = reason(e);
    const channel = d.address.channel;
    if (e instanceof DeliveryError && e.permanent) {
      if (channel === 'whatsapp' && e.context.reason === 'window_closed') return this.template(a, d, error);
      // Blocked the bot, or the chat is gone: nothing more goes to them, and their subscription ends.
      await this.finish(a, d, { status: 'dropped', error });
      await store.subscriptions.deleteByUser(channel, d.key.slice(channel.length + 1)).catch(() => false);
      log.info({ event: 'announcement-dropped', announcement: a.id, channel }, 'recipient unreachable: unsubscribed');
      return { result: 'dropped' };
    }
    if (d.attempts >= settings.maxAttempts) {
      await this.finish(a, d, { status: 'failed', error });
      log.warn({ event: 'announcement-failed', announcement: a.id, channel, attempts: d.attempts, err: error }, 'announcement not delivered');
      return { result: 'failed' };
    }
    const delayMs = Math.min(settings.retryBaseMs * 2 ** (d.attempts - 1), MAX_BACKOFF_MS);
    const nextAt = new Date(this.deps.clock().getTime() + delayMs).toISOString();
    await this.finish(a, d, { status: 'pending', error, nextAt });
    return { result: 'retry', error, delayMs };
  }

  /** WhatsApp outside the 24-hour window: only an approved template may go; without one, nothing can. */
  private async template(a: Announcement, d: Delivery, windowError: string): Promise<DeliverResult> {
    const t = this.deps.whatsappTemplate;
    if (!t) {
      await this.finish(a, d, { status: 'dropped', error: 'WhatsApp: outside the 24-hour window and no template is configured (WHATSAPP_TEMPLATE_NAME)' });
      return { result: 'dropped' };
    }
    const text = a.texts[d.lang] ?? '';
    try {
      await t.send(d.address, this.deps.settings.whatsappTemplateParam === 'text' ? [templateParameter(text)] : []);
    } catch (e) {
      const permanent = e instanceof DeliveryError && e.permanent;
      if (!permanent && d.attempts < this.deps.settings.maxAttempts) {
        const delayMs = Math.min(this.deps.settings.retryBaseMs * 2 ** (d.attempts - 1), MAX_BACKOFF_MS);
        await this.finish(a, d, { status: 'pending', error: reason(e), nextAt: new Date(this.deps.clock().getTime() + delayMs).toISOString() });
        return { result: 'retry', error: reason(e), delayMs };
      }
      await this.finish(a, d, { status: permanent ? 'dropped' : 'failed', error: `template "${t.name}": ${reason(e)}` });
      return { result: permanent ? 'dropped' : 'failed' };
    }
    await this.finish(a, d, { status: 'template', error: `outside the 24-hour window: sent the template "${t.name}" (${windowError.slice(0, 60)}…)` });
    return { result: 'template' };
  }

  private async finish(a: Announcement, d: Delivery, outcome: DeliveryOutcome): Promise<void> {
    const open = await this.deps.store.announcements.finish(a.id, d.key, outcome, this.deps.clock());
    if (open === 0) await this.complete(a.id);
  }

  /** The announcement in the user's transcript, so that staff see what the user was sent (and the web chat shows it on return). */
  private async record(d: Delivery, text: string): Promise<void> {
    const { store, newId, clock } = this.deps;
    const conversationId = `${d.address.channel}:${d.address.thread}`;
    try {
      // Only into a conversation that exists: no transcript for someone whose conversations were deleted.
      if (!(await store.conversations.get(conversationId))) return;
      await store.conversations.appendMessage({
        id: newId(),
        conversationId,
        role: 'bot',
        text,
        at: clock().toISOString(),
        channel: d.address.channel,
        lang: d.lang,
        action: 'announcement',
        entry: null,
        score: null,
        delivery: { status: 'sent' },
      });
    } catch (e) {
      this.deps.log.warn({ event: 'announcement-transcript', announcement: d.announcementId, err: reason(e) }, 'announcement not added to the transcript');
    }
  }

  /**
   * At start with a shared queue: hands the queue again what the store says is still to do, in
   * case the queue lost it (a Redis restored from an older snapshot). Job ids make this harmless
   * when the queue has it already.
   */
  async resume(): Promise<void> {
    const { store, clock } = this.deps;
    for (const a of await store.announcements.byStatus('sending')) {
      const pending = await store.announcements.pendingKeys(a.id);
      if (pending.length > 0) await this.runner?.enqueue(a.id, pending.map((key) => ({ key, channel: channelOfKey(key) })));
      else await this.complete(a.id);
    }
    for (const a of await store.announcements.byStatus('scheduled')) await this.runner?.schedule(a.id, new Date(a.scheduledAt ?? clock().toISOString()));
  }

  /** Sent (or cancelled) once nobody is left to send to; the counts are kept with it. */
  async complete(id: string): Promise<void> {
    const { store, clock, log } = this.deps;
    const counts = await store.announcements.counts(id);
    if (openCount(counts) > 0) return;
    const now = clock().toISOString();
    const done =
      (await store.announcements.transition(id, ['sending'], 'sent', { finishedAt: now, totals: counts, updatedAt: now })) ??
      (await store.announcements.get(id).then((a) => (a?.status === 'cancelled' && !a.finishedAt ? store.announcements.transition(id, ['cancelled'], 'cancelled', { finishedAt: now, totals: counts }) : null)));
    if (done) log.info({ event: 'announcement-finished', announcement: id, status: done.status, ...counts }, 'announcement finished');
  }
}

function channelOfKey(key: string): Delivery['address']['channel'] {
  return key.slice(0, key.indexOf(':')) as Delivery['address']['channel'];
}
