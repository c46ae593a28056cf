import type { ChannelId } from '../core/message.js';
import type { Log, Store } from '../core/ports.js';
import type { CampaignEngine, CampaignRunner } from './deps.js';
import { pacer, type Pacer } from './pacer.js';
import type { CampaignConfig } from './settings.js';

export interface EmbeddedRunnerDeps {
  store: Store;
  engine: CampaignEngine & { complete(id: string): Promise<void> };
  settings: CampaignConfig;
  log: Log;
  clock: () => Date;
  /** Channels this instance sends on. */
  channels: () => ChannelId[];
}

/**
 * The sending job inside the process, for the embedded (SQLite) store, which one process owns.
 * Everything it needs to resume is in the store: scheduled announcements, and each recipient's
 * delivery. On start, deliveries a crashed process left "sending" become unconfirmed (not sent
 * again); on close, sends in flight finish and are recorded before the store closes, so a
 * restart in the middle resumes with the next recipient.
 */
export function embeddedRunner(deps: EmbeddedRunnerDeps): CampaignRunner & { start(): Promise<void>; idle(): Promise<void> } {
  const { store, engine, settings, log } = deps;
  const pacers = new Map<ChannelId, Pacer>();
  const draining = new Map<ChannelId, Promise<void>>();
  let ticking: Promise<void> | null = null;
  let again = false;
  let closing = false;
  let timer: NodeJS.Timeout | null = null;

  const pacerOf = (channel: ChannelId): Pacer => {
    let p = pacers.get(channel);
    if (!p) pacers.set(channel, (p = pacer(settings.ratePerSecond[channel])));
    return p;
  };

  async function drain(channel: ChannelId): Promise<void> {
    const batchSize = settings.concurrency * 8;
    while (!closing) {
      const batch = await store.announcements.due(channel, deps.clock(), batchSize);
      if (batch.length === 0) return;
      const inFlight = new Set<Promise<void>>();
      for (const d of batch) {
        if (closing) break;
        await pacerOf(channel).take();
        while (inFlight.size >= settings.concurrency) await Promise.race(inFlight);
        const p = engine
          .deliver(d.announcementId, d.key)
          .then(() => undefined)
          .catch((e: unknown) => log.warn({ event: 'announcement-delivery', announcement: d.announcementId, channel, err: e instanceof Error ? e.message : String(e) }, 'delivery step failed'))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      // The whole batch is recorded before the next query, so no delivery is picked twice.
      await Promise.all(inFlight);
    }
  }

  async function tick(): Promise<void> {
    const now = deps.clock();
    for (const a of await store.announcements.byStatus('scheduled')) {
      if (closing) return;
      if (a.scheduledAt && Date.parse(a.scheduledAt) <= now.getTime()) await engine.begin(a.id);
    }
    for (const channel of deps.channels()) {
      if (closing || draining.has(channel)) continue;
      const run = drain(channel)
        .catch((e: unknown) => log.warn({ event: 'announcement-drain', channel, err: e instanceof Error ? e.message : String(e) }, 'sending paused after an error'))
        .finally(() => draining.delete(channel));
      draining.set(channel, run);
    }
  }

  /** One tick at a time; a kick during a tick runs another right after it. */
  function kick(): void {
    if (closing) return;
    if (ticking) {
      again = true;
      return;
    }
    ticking = tick()
      .catch((e: unknown) => log.warn({ event: 'announcement-tick', err: e instanceof Error ? e.message : String(e) }, 'campaign check failed'))
      .finally(() => {
        ticking = null;
        if (again) {
          again = false;
          kick();
        }
      });
  }

  return {
    kind: 'embedded',
    async start() {
      const abandoned = await store.announcements.abandonSending(deps.clock());
      if (abandoned > 0) log.warn({ event: 'announcement-unconfirmed', deliveries: abandoned }, 'the service stopped while sending: these deliveries are marked unconfirmed, not sent again');
      for (const a of await store.announcements.byStatus('sending')) await engine.complete(a.id);
      const loop = (): void => {
        kick();
        timer = setTimeout(loop, settings.pollMs);
        timer.unref();
      };
      loop();
    },
    async schedule() {
      kick();
    },
    async unschedule() {
      // The store's status is the schedule: a cancelled announcement is no longer "scheduled".
    },
    async enqueue() {
      kick();
    },
    /** Resolves when no check and no channel is busy (tests, and the end of close()). */
    async idle() {
      while (ticking || draining.size > 0) await Promise.all([ticking, ...draining.values()]);
    },
    async close() {
      closing = true;
      if (timer) clearTimeout(timer);
      while (ticking || draining.size > 0) await Promise.all([ticking, ...draining.values()]);
    },
  };
}
