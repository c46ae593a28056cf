import { describe, expect, it } from 'vitest';
import { compose, type Middleware } from '../../src/conversation/composer.js';

describe('compose', () => {
  it('runs steps in order and stops where a step does not call next', async () => {
    const seen: string[] = [];
    const step = (name: string, goOn: boolean): Middleware<string[]> => async (ctx, next) => {
      ctx.push(name);
      if (goOn) await next();
      ctx.push(`${name}-after`);
    };
    await compose([step('a', true), step('b', false), step('c', true)])(seen);
    expect(seen).toEqual(['a', 'b', 'b-after', 'a-after']);
  });

  it('refuses a step that calls next() twice', async () => {
    const twice: Middleware<number[]> = async (_ctx, next) => {
      await next();
      await next();
    };
    const counter: Middleware<number[]> = async (ctx) => void ctx.push(1);
    const ctx: number[] = [];
    await expect(compose([twice, counter])(ctx)).rejects.toThrow(/next\(\) called twice/);
    expect(ctx).toEqual([1]);
  });
});
