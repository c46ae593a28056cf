import { createHash } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import { AppError } from '../../src/core/errors.js';
import type { ChannelId } from '../../src/core/message.js';
import type { Log } from '../../src/core/ports.js';
import type { CampaignEngine, CampaignRunner } from '../../src/campaigns/deps.js';
import type { CampaignConfig } from '../../src/campaigns/settings.js';
import { connectRedis, type RedisClient } from '../store-redis/client.js';

export interface BullmqRunnerOptions {
  redisUrl: string;
  /** The deployment's key prefix (REDIS_PREFIX); BullMQ's keys go under `${prefix}bull:`. */
  prefix: string;
  engine: CampaignEngine;
  settings: CampaignConfig;
  log: Log;
  /** Channels this instance sends on: it runs a worker for each. */
  channels: ChannelId[];
}

interface StartData {
  id: string;
}
interface DeliveryData {
  id: string;
  key: string;
}

/** BullMQ's job ids may not contain ":"; a user id may. */
function deliveryJobId(id: string, key: string): string {
  return `${id}-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

const startJobId = (id: string) => `start-${id}`;

/**
 * BullMQ's limiter counts jobs in fixed windows: "25 a second" as one window lets 25 go at the
 * end of one second and 25 more at the start of the next. Windows of 200 ms (5 jobs for 25 a
 * second) keep any second within the rate plus one window, across all instances; much shorter
 * windows cost more in waiting than they smooth (measured: 36 a second for a rate of 50 with 20 ms).
 */
export function limiterFor(perSecond: number): { max: number; duration: number } {
  if (perSecond < 5) return { max: 1, duration: Math.ceil(1000 / perSecond) };
  return { max: Math.floor(perSecond / 5), duration: 200 };
}

/** node-redis's words for a connection that dropped or cannot be made. */
const CONNECTION_ERROR = /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|Socket closed|SocketClosed|ClientClosed|ClientOffline|client is offline|closed unexpectedly|Connection is closed/i;

/** The queues and workers over one set of connections; thrown away whole when Redis goes. */
interface Session {
  connections: RedisClient[];
  startQueue: Queue<StartData>;
  queues: Map<ChannelId, Queue<DeliveryData>>;
  /** A channel's queue, made on first use (an instance may enqueue for a channel it does not run). */
  queueOf(channel: ChannelId): Queue<DeliveryData>;
  workers: Worker[];
}

/**
 * The sending job over Redis with BullMQ, so that any instance may take any part of it:
 * - a delayed "start" job per announcement is the schedule (it survives restarts);
 * - one queue per channel, with BullMQ's rate limiter (global across instances) set to that
 *   channel's CAMPAIGN_RATE_*, carries one job per recipient; job ids make adding twice harmless;
 * - a failed send is retried by BullMQ with exponential backoff;
 * - a worker that dies mid-job leaves a stalled job that BullMQ hands to another worker; the
 *   engine then finds the delivery "sending" and marks it unconfirmed instead of sending twice.
 * Closing waits for jobs in flight (Worker.close), so a graceful restart repeats nothing.
 *
 * When Redis goes away the queues and workers are closed, and built again when it returns: a
 * BullMQ worker on a node-redis connection that dropped retries without pause (BullMQ counts only
 * ECONNREFUSED as a connection error) and would starve the event loop, so that the bot could not
 * answer from its in-memory index either. The jobs are in Redis: nothing is lost.
 */
export async function bullmqRunner(opts: BullmqRunnerOptions): Promise<CampaignRunner> {
  const { engine, settings, log } = opts;
  const prefix = `${opts.prefix}bull`;
  // Watches Redis; BullMQ gets connections of its own, because closing a worker destroys its connection.
  const monitor = await connectRedis(opts.redisUrl);

  async function connection(): Promise<RedisClient> {
    const c = monitor.duplicate();
    c.on('error', () => {});
    await c.connect();
    return c;
  }

  async function open(): Promise<Session> {
    const queueConnection = await connection();
    const connections = [queueConnection];
    const queue = <T>(name: string): Queue<T> => {
      const q = new Queue<T>(name, { connection: queueConnection, prefix });
      q.on('error', onError(name));
      return q;
    };
    const queues = new Map(opts.channels.map((c) => [c, queue<DeliveryData>(`campaign-${c}`)]));
    const workers: Worker[] = [];
    const startConnection = await connection();
    connections.push(startConnection);
    const startWorker = new Worker<StartData>('campaign-start', async (job: Job<StartData>) => engine.begin(job.data.id), { connection: startConnection, prefix, concurrency: 1 });
    startWorker.on('error', onError('start-worker'));
    workers.push(startWorker);
    for (const channel of opts.channels) {
      const c = await connection();
      connections.push(c);
      const worker = new Worker<DeliveryData>(
        `campaign-${channel}`,
        async (job: Job<DeliveryData>) => {
          const r = await engine.deliver(job.data.id, job.data.key);
          // Thrown so that BullMQ retries after its backoff; the engine has put the delivery back to pending.
          if (r.result === 'retry') throw new Error(r.error);
          return r.result;
        },
        { connection: c, prefix, concurrency: settings.concurrency, limiter: limiterFor(settings.ratePerSecond[channel]), maxStalledCount: 2 },
      );
      worker.on('error', onError(`${channel}-worker`));
      workers.push(worker);
    }
    const queueOf = (channel: ChannelId): Queue<DeliveryData> => {
      let q = queues.get(channel);
      if (!q) queues.set(channel, (q = queue<DeliveryData>(`campaign-${channel}`)));
      return q;
    };
    return { connections, startQueue: queue<StartData>('campaign-start'), queues, queueOf, workers };
  }

  async function shut(s: Session, force: boolean): Promise<void> {
    await Promise.all(s.workers.map((w) => w.close(force).catch(() => undefined)));
    await Promise.all([s.startQueue, ...s.queues.values()].map((q) => q.close().catch(() => undefined)));
    for (const c of s.connections) if (c.isOpen) await (force ? Promise.resolve(c.destroy()) : c.quit()).catch(() => undefined);
  }

  let state: 'up' | 'down' | 'closed' = 'up';
  let session: Promise<Session> = open();
  let stopping: Promise<void> = Promise.resolve();

  function down(): void {
    if (state !== 'up') return;
    state = 'down';
    log.warn({ event: 'announcement-queue', where: 'redis' }, 'Redis is unreachable: campaign sending paused until it returns');
    stopping = session.then((s) => shut(s, true)).catch(() => undefined);
  }
  function up(): void {
    if (state !== 'down') return;
    void stopping.then(() => {
      if (state !== 'down') return;
      session = open();
      state = 'up';
      session.then(
        () => log.info({ event: 'announcement-queue', where: 'redis' }, 'Redis is back: campaign sending resumed'),
        () => down(),
      );
    });
  }
  function onError(where: string) {
    return (e: Error) => {
      if (CONNECTION_ERROR.test(`${e.name} ${e.message}`)) return down();
      if (state === 'up') log.warn({ event: 'announcement-queue', where, err: e.message }, 'campaign queue error');
    };
  }
  monitor.on('error', (e: Error) => {
    if (CONNECTION_ERROR.test(`${e.name} ${e.message}`)) down();
  });
  monitor.on('ready', up);
  await session;

  async function current(): Promise<Session> {
    if (state !== 'up') throw new AppError('STORE_UNAVAILABLE', 'Redis is unreachable: the campaign queue cannot be changed just now');
    return session;
  }

  return {
    kind: 'bullmq',
    async schedule(id, at) {
      const { startQueue } = await current();
      // A new time replaces the old delayed job (a job id is taken while its job exists).
      await startQueue.remove(startJobId(id)).catch(() => 0);
      await startQueue.add(
        'start',
        { id },
        { jobId: startJobId(id), delay: Math.max(0, at.getTime() - Date.now()), attempts: 10, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 100 },
      );
    },
    async unschedule(id) {
      const { startQueue } = await current();
      await startQueue.remove(startJobId(id)).catch(() => 0);
    },
    async enqueue(id, deliveries) {
      const { queueOf } = await current();
      const byChannel = new Map<ChannelId, { key: string }[]>();
      for (const d of deliveries) byChannel.set(d.channel, [...(byChannel.get(d.channel) ?? []), { key: d.key }]);
      for (const [channel, list] of byChannel) {
        const queue = queueOf(channel);
        for (let i = 0; i < list.length; i += 500) {
          await queue.addBulk(
            list.slice(i, i + 500).map(({ key }) => ({
              name: 'deliver',
              data: { id, key },
              opts: {
                jobId: deliveryJobId(id, key),
                // One more than the engine's own count, which decides when to give up.
                attempts: settings.maxAttempts + 1,
                backoff: { type: 'exponential', delay: settings.retryBaseMs },
                removeOnComplete: true,
                removeOnFail: 1000,
              },
            })),
          );
        }
      }
    },
    async close() {
      const wasUp = state === 'up';
      state = 'closed';
      await stopping;
      if (wasUp) await shut(await session, false);
      if (monitor.isOpen) await monitor.quit().catch(() => undefined);
    },
  };
}
