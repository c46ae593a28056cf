import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { randomUUID } from 'node:crypto';
import { ConfigError, loadConfig, type Config } from './config.js';
import { StaffAccounts } from './handoff/staff-accounts.js';
import { isAppError } from './core/errors.js';
import { openStore } from './runtime.js';
import { evaluate, formatReport, meetsTargets, readCases } from './cli/evaluate.js';
import { matchJsonl } from './cli/match.js';
import { kbExport, kbImport } from './cli/kb-sync.js';
import { checkKnowledgeBase, formatFindings } from './knowledge/kb-check.js';
import { KnowledgeService } from './knowledge/knowledge-service.js';
import { loadKnowledgeBase } from './knowledge/loader.js';
import { stamp } from './knowledge/staleness.js';

const USAGE = `Usage: npm run --silent cli -- <command>

  match --jsonl            decide each JSON line {"id","text","lang"?} from stdin; one JSON line out each
  eval FILE [--verbose]    accuracy on labelled questions (see ../shared/eval/dev.jsonl)
  kb check [--date D]      validate the knowledge base (as of date D); non-zero exit on errors
  kb stamp [ID ...]        mark translations as following the current Czech text (all entries if none named)
  kb export [DIR]          write the current knowledge base (files + editors' revisions) as files into DIR (default KB_DIR)
  kb import [--dry-run] [DIR]
                           save the files of DIR (default KB_DIR) that differ from the current state as revisions
  staff add --email E --name N --role staff|editor|admin --languages cs,uk [--teams legal,social] --password-stdin
                           create a staff account (the password is read from standard input)
  staff list               list staff accounts
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
    case 'kb': {
      // export and import work on the store (editors' revisions), the other kb commands on the files alone.
      const { values, positionals } = parseArgs({ args: rest.slice(1), allowPositionals: true, strict: false, options: { 'dry-run': { type: 'boolean' } } });
      const out = (line: string): void => void process.stdout.write(`${line}\n`);
      if (rest[0] === 'export') return kbExport(config, positionals[0] ?? config.kbDir, out);
      if (rest[0] === 'import') return kbImport(config, positionals[0] ?? config.kbDir, values['dry-run'] === true, out);
      return kb(rest, config.kbDir);
    }
    case 'staff':
      return staffCommand(rest, config);
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

async function staffCommand(args: string[], config: Config): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'add' && sub !== 'list') return usage(`unknown staff command "${sub ?? ''}"`);
  const { store, bus } = await openStore(config);
  try {
    if (sub === 'list') {
      for (const u of await store.staff.list()) process.stdout.write(`${u.email}\t${u.name}\t${u.role}\t${u.languages.join(',')}\t${u.teams.join(',') || '(all teams)'}\n`);
      return 0;
    }
    const { values } = parseArgs({
      args: rest,
      options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, languages: { type: 'string' }, teams: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    });
    if (!values.email || !values.name || !values.role || !values['password-stdin']) return usage('staff add needs --email, --name, --role and --password-stdin');
    let password = '';
    for await (const chunk of process.stdin) password += String(chunk);
    password = password.replace(/\r?\n$/, '');
    const accounts = new StaffAccounts(store, config.handoff);
    const user = await accounts.create({ email: values.email, name: values.name, role: values.role, languages: (values.languages ?? '').split(','), teams: (values.teams ?? '').split(','), password });
    await store.audit.append({ id: randomUUID(), at: new Date().toISOString(), actor: 'cli', action: 'staff-add', target: user.id, details: { role: user.role } });
    process.stdout.write(`created ${user.role} ${user.email} (${user.id})\n`);
    return 0;
  } finally {
    await bus.close();
    await store.close();
  }
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
    process.exitCode = isAppError(e) && e.code === 'BAD_INPUT' ? 2 : 1;
  },
);
