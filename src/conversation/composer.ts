/**
 * Small steps with one signature, run in order; each decides whether the rest runs by calling
 * next(). Calling next() twice would run the rest of the pipeline twice, so it is an error.
 * (The shape of grammY's Composer and botbuilder's MiddlewareSet.)
 */
export type Next = () => Promise<void>;
export type Middleware<C> = (ctx: C, next: Next) => Promise<void>;

export function compose<C>(steps: readonly Middleware<C>[]): (ctx: C) => Promise<void> {
  return (ctx) => run(steps, 0, ctx);
}

async function run<C>(steps: readonly Middleware<C>[], i: number, ctx: C): Promise<void> {
  const step = steps[i];
  if (!step) return;
  let called = false;
  await step(ctx, async () => {
    if (called) throw new Error(`next() called twice in step ${i} (${step.name || 'anonymous'})`);
    called = true;
    await run(steps, i + 1, ctx);
  });
}
