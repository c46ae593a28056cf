import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { KbEntry } from '../core/knowledge.js';
import { isEntry, normalizeDates, schemaProblems } from './schema.js';
import { parseIntents, type Intents } from './intents.js';

export interface LoadProblem {
  file: string;
  problem: string;
}

export interface LoadedKb {
  entries: KbEntry[];
  intents: Intents;
  problems: LoadProblem[];
}

/**
 * Reads every `<id>.yaml` entry and the `intents/` folder. A broken file is reported and left
 * out, never half-loaded: the rest of the knowledge base keeps working.
 */
export async function loadKnowledgeBase(dir: string): Promise<LoadedKb> {
  const problems: LoadProblem[] = [];
  const entries: KbEntry[] = [];
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  for (const file of files) {
    const raw = await readYaml(join(dir, file), file, problems);
    if (raw === undefined) continue;
    const value = normalizeDates(raw);
    const issues = schemaProblems(value);
    if (issues.length > 0 || !isEntry(value)) {
      for (const problem of issues) problems.push({ file, problem });
      continue;
    }
    if (file !== `${value.id}.yaml`) {
      problems.push({ file, problem: `file name must be ${value.id}.yaml` });
      continue;
    }
    entries.push(value);
  }
  const intentFiles = await readdir(join(dir, 'intents')).catch(() => [] as string[]);
  const intentDocs: Record<string, unknown> = {};
  for (const file of intentFiles.filter((f) => f.endsWith('.yaml')).sort()) {
    const raw = await readYaml(join(dir, 'intents', file), `intents/${file}`, problems);
    if (raw !== undefined) intentDocs[file.replace(/\.yaml$/, '')] = raw;
  }
  const intents = parseIntents(intentDocs, (problem) => problems.push({ file: 'intents/', problem }));
  return { entries, intents, problems };
}

async function readYaml(path: string, file: string, problems: LoadProblem[]): Promise<unknown> {
  try {
    return parse(await readFile(path, 'utf8'));
  } catch (e) {
    problems.push({ file, problem: `cannot read: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` });
    return undefined;
  }
}
