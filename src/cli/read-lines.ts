import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Lines of a stream, without the trailing newline; blank lines skipped. */
export async function* readLines(input: Readable): AsyncGenerator<string> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) if (line.trim() !== '') yield line;
}
