import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Status } from '../core/conversation.js';
import { DeliveryError } from '../core/errors.js';
import type { Channel } from '../core/message.js';
import type { Store } from '../core/ports.js';
import type { PipelineMetrics } from '../conversation/turn.js';

const QUEUES: Status[] = ['waiting', 'assigned'];
/** A scrape must answer while the store is down: the queue gauges then keep their last value. */
const STORE_WAIT_MS = 2000;

function within<T>(p: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), STORE_WAIT_MS);
  });
  return Promise.race([p.catch(() => null), late]).finally(() => clearTimeout(timer));
}

/**
 * The service's Prometheus metrics, in a registry of its own (several runtimes can share a
 * process in tests): turns by channel and action, how long matching takes, the staff queues
 * (read from the store at each scrape, so every instance reports the shared truth), and
 * deliveries a channel refused.
 */
export class ServiceMetrics implements PipelineMetrics {
  readonly registry = new Registry();
  private readonly turns: Counter<'channel' | 'action'>;
  private readonly match: Histogram;
  private readonly channelErrors: Counter<'channel' | 'permanent'>;

  constructor(store: Store, opts: { kbHead?: () => number; defaults?: boolean } = {}) {
    const registers = [this.registry];
    if (opts.defaults !== false) collectDefaultMetrics({ register: this.registry, prefix: 'cz_' });
    this.turns = new Counter({ name: 'cz_turns_total', help: 'Messages handled by the pipeline, by channel and what the bot did', labelNames: ['channel', 'action'], registers });
    this.match = new Histogram({
      name: 'cz_match_duration_seconds',
      help: 'Time to match one message against the knowledge base',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.channelErrors = new Counter({ name: 'cz_channel_errors_total', help: 'Messages a channel failed to deliver (permanent: the user cannot be reached)', labelNames: ['channel', 'permanent'], registers });
    new Gauge({
      name: 'cz_queue_length',
      help: 'Handed-over conversations by status (waiting: nobody has claimed them)',
      labelNames: ['status'],
      registers,
      async collect() {
        for (const status of QUEUES) {
          const list = await within(store.conversations.list({ status, limit: 1_000_000 }));
          if (list) this.set({ status }, list.length);
        }
      },
    });
    new Gauge({
      name: 'cz_queue_oldest_waiting_seconds',
      help: 'How long the oldest unclaimed conversation has waited',
      registers,
      async collect() {
        const list = await within(store.conversations.list({ status: 'waiting', limit: 1 }));
        if (!list) return;
        const oldest = list[0];
        this.set(oldest ? Math.max(0, (Date.now() - Date.parse(oldest.updatedAt)) / 1000) : 0);
      },
    });
    const head = opts.kbHead;
    if (head) {
      new Gauge({ name: 'cz_kb_revision', help: 'The newest knowledge-base revision this instance has loaded', registers, collect() {
        this.set(head());
      } });
    }
  }

  turn(channel: string, action: string): void {
    this.turns.inc({ channel, action });
  }

  matchSeconds(seconds: number): void {
    this.match.observe(seconds);
  }

  /** The same channel, counting what it fails to deliver. */
  observe(channel: Channel): Channel {
    const errors = this.channelErrors;
    return {
      id: channel.id,
      capabilities: channel.capabilities,
      async send(to, content, lang, opts) {
        try {
          return await channel.send(to, content, lang, opts);
        } catch (e) {
          errors.inc({ channel: channel.id, permanent: String(e instanceof DeliveryError && e.permanent) });
          throw e;
        }
      },
    };
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
