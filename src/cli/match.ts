import type { Readable, Writable } from 'node:stream';
import { isLang } from '../core/language.js';
import type { KnowledgeService } from '../knowledge/knowledge-service.js';
import { cleanText } from '../knowledge/normalize.js';
import { readLines } from './read-lines.js';

export interface MatchLine {
  id: string;
  lang: string;
  action: string;
  entry: string | null;
  candidates: string[];
  score: number;
}

/**
 * `match --jsonl`: one decision per input line, by the same code the service runs. An optional
 * "lang" is used as the service uses a platform's language hint: only when the text is unclear.
 * A bad line gets {"id", "error"} and the rest go on; the exit code says whether any was bad.
 */
export async function matchJsonl(knowledge: KnowledgeService, input: Readable, output: Writable, maxLength = 2000): Promise<number> {
  let bad = 0;
  let n = 0;
  for await (const line of readLines(input)) {
    n++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      bad++;
      output.write(`${JSON.stringify({ id: null, line: n, error: 'not valid JSON' })}\n`);
      continue;
    }
    const o = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
    const id = typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : null;
    if (id === null || typeof o.text !== 'string') {
      bad++;
      output.write(`${JSON.stringify({ id, line: n, error: 'each line needs "id" and "text" strings' })}\n`);
      continue;
    }
    const d = knowledge.decide(cleanText(o.text, maxLength), { hint: isLang(o.lang) ? o.lang : null });
    const out: MatchLine = {
      id,
      lang: d.lang,
      action: d.action,
      entry: d.entry,
      candidates: d.action === 'clarify' ? d.candidates.map((c) => c.entry) : [],
      score: d.score,
    };
    output.write(`${JSON.stringify(out)}\n`);
  }
  return bad > 0 ? 2 : 0;
}
