// Quick structural check of knowledge-base/*.yaml used while writing content.
// The full validator is `npm run --silent cli -- kb check`.
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
const LANGS = ['cs', 'en', 'uk', 'ru', 'vi'];
const dir = new URL('../knowledge-base/', import.meta.url);
let bad = 0;
const files = process.argv.slice(2).length ? process.argv.slice(2) : readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => new URL(f, dir).pathname);
for (const f of files) {
  const problems = [];
  let e;
  try { e = parse(readFileSync(f, 'utf8')); } catch (err) { console.log(`${f}: YAML error ${err.message}`); bad++; continue; }
  if (!e.id || !f.endsWith(`${e.id}.yaml`)) problems.push('id must match file name');
  if (typeof e.topic !== 'string') problems.push('topic missing');
  if (typeof e.escalate !== 'boolean') problems.push('escalate must be true/false');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(e.reviewed))) problems.push('reviewed must be YYYY-MM-DD');
  if (!Array.isArray(e.sources) || e.sources.length === 0) problems.push('sources missing');
  for (const s of e.sources ?? []) if (!/^https:\/\/[^\s]+$/.test(s.url ?? '') || !s.title) problems.push(`bad source ${JSON.stringify(s)}`);
  for (const l of LANGS) {
    const t = e.translations?.[l];
    if (!t) { problems.push(`${l} missing`); continue; }
    if (!t.title || t.title.length > 60) problems.push(`${l}.title missing or > 60 chars`);
    if (!Array.isArray(t.questions) || t.questions.length < 6) problems.push(`${l}.questions < 6`);
    if (!Array.isArray(t.keywords) || t.keywords.length < 5) problems.push(`${l}.keywords < 5`);
    if (typeof t.answer !== 'string' || t.answer.length < 80) problems.push(`${l}.answer too short`);
    if (t.answer && t.answer.length > 3000) problems.push(`${l}.answer > 3000 chars`);
  }
  if (problems.length) { bad++; console.log(`${f}:\n  - ${problems.join('\n  - ')}`); }
}
console.log(`${files.length} files, ${bad} with problems`);
process.exit(bad ? 1 : 0);
