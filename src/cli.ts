import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { ConfigError, loadConfig } from './config.js';
import { evaluate, formatReport, meetsTargets, readCases } from './cli/evaluate.js';
import { matchJsonl } from './cli/match.js';
import { checkKnowledgeBase, formatFindings } from './knowledge/kb-check.js';
import { KnowledgeService } from './knowledge/knowledge-service.js';
import { loadKnowledgeBase } from './knowledge/loader.js';
import { stamp } from './knowledge/staleness.js';

const USAGE = `Usage: npm run --silent cli -- <command>

  match --jsonl            decide each JSON line {"id","text","lang"?} from stdin; one JSON line out each
  eval FILE [--verbose]    accuracy on labelled questions (see ../shared/eval/dev.jsonl)
  kb check [--date D]      validate the knowledge base (as of date D); non-zero exit on errors
  kb stamp [ID ...]        mark translations as following the current Czech text (all entries if none named)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'match': {
      const { values } = parseArgs({ args: rest, options: { jsonl: { type: 'boolean' } } });
      if (!values.jsonl) return usage('match needs --jsonl');
      const knowledge = await KnowledgeService.load(config.kbDir);
      return matchJsonl(knowledge, process.stdin, process.stdout, config.maxMessageLength);
    }
    case 'eval': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { verbose: { type: 'boolean', short: 'v' }, json: { type: 'boolean' } } });
      const file = positionals[0];
      if (!file) return usage('eval needs a file');
      const knowledge = await KnowledgeService.load(config.kbDir);
      const report = evaluate(knowledge, await readCases(file));
      process.stdout.write(`${values.json ? JSON.stringify(report, null, 2) : formatReport(report, values.verbose ?? false)}\n`);
      return 0;
    }
    case 'kb':
      return kb(rest, config.kbDir);
    default:
      return usage(command ? `unknown command "${command}"` : '');
  }
}

async function kb(args: string[], dir: string): Promise<number> {
  const [sub, ...ids] = args;
  if (sub === 'check') {
    const { values } = parseArgs({ args: ids, options: { date: { type: 'string' } } });
    const now = values.date ? new Date(`${values.date}T12:00:00Z`) : new Date();
    if (Number.isNaN(now.getTime())) return usage('kb check --date takes YYYY-MM-DD');
    const loaded = await loadKnowledgeBase(dir);
    const required = parse(await readFile(join(dir, 'meta', 'required-topics.yaml'), 'utf8')) as { ids?: string[] };
    const findings = checkKnowledgeBase(loaded, { now, requiredIds: required.ids ?? [] });
    process.stdout.write(`${formatFindings(findings, loaded.entries)}\n`);
    return findings.some((f) => f.level === 'error') ? 1 : 0;
  }
  if (sub === 'stamp') {
    const loaded = await loadKnowledgeBase(dir);
    const wanted = new Set(ids);
    let n = 0;
    for (const e of loaded.entries) {
      if (wanted.size > 0 && !wanted.has(e.id)) continue;
      await writeFile(join(dir, `${e.id}.yaml`), stringify(stamp(e), { lineWidth: 0 }));
      n++;
    }
    process.stdout.write(`stamped ${n} entries\n`);
    return 0;
  }
  return usage(`unknown kb command "${sub ?? ''}"`);
}

function usage(problem: string): number {
  if (problem) process.stderr.write(`${problem}\n\n`);
  process.stderr.write(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof ConfigError ? e.message : e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
