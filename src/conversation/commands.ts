import { LANGS, isLang } from '../core/language.js';
import { toLatin } from '../knowledge/normalize.js';
import type { PipelineDeps, Turn } from './turn.js';

export type Command = 'start' | 'help' | 'lang' | 'human' | 'forget' | 'bot' | 'yes' | 'no';
const COMMANDS: readonly Command[] = ['start', 'help', 'lang', 'human', 'forget', 'bot', 'yes', 'no'];

function fold(s: string): string {
  return toLatin(s).replace(/[^a-z0-9 ]+/g, ' ').replace(/\s+/g, ' ').trim();
}

const wordCache = new WeakMap<PipelineDeps, Map<string, Command>>();

/** Every language's command words, so "pomoc" works even in a conversation held in English. */
function words(deps: PipelineDeps): Map<string, Command> {
  let map = wordCache.get(deps);
  if (!map) {
    map = new Map();
    for (const cmd of COMMANDS) for (const l of LANGS) for (const w of deps.i18n.list(l, `commands:${cmd}`)) if (!map.has(fold(w))) map.set(fold(w), cmd);
    wordCache.set(deps, map);
  }
  return map;
}

export interface ParsedCommand {
  command: Command;
  arg: string | null;
}

/** "/lang uk", "/start@CentreBot", or a whole message that is one of the command words. */
export function parseCommand(deps: PipelineDeps, text: string): ParsedCommand | null {
  const slash = /^\/([a-z]+)(?:@\w+)?(?:\s+(\S+))?\s*$/i.exec(text.trim());
  if (slash) {
    const name = (slash[1] ?? '').toLowerCase();
    const alias: Record<string, Command> = { start: 'start', help: 'help', lang: 'lang', language: 'lang', human: 'human', operator: 'human', forget: 'forget', bot: 'bot', stop: 'bot' };
    const command = alias[name];
    return command ? { command, arg: slash[2] ?? null } : null;
  }
  if (text.length > 40) return null;
  const command = words(deps).get(fold(text));
  return command ? { command, arg: null } : null;
}

export function parsePostback(value: string): ParsedCommand | { command: 'entry'; arg: string } | { command: 'none'; arg: null } | null {
  const [head, arg] = value.split(':', 2) as [string, string | undefined];
  if (head === 'entry' && arg) return { command: 'entry', arg };
  if (head === 'none') return { command: 'none', arg: null };
  if (head === 'lang') return { command: 'lang', arg: arg && isLang(arg) ? arg : null };
  if (head === 'forget') return { command: arg === 'yes' ? 'yes' : arg === 'no' ? 'no' : 'forget', arg: null };
  if ((COMMANDS as readonly string[]).includes(head)) return { command: head as Command, arg: arg ?? null };
  return null;
}

export function isBackToBot(deps: PipelineDeps, turn: Turn): boolean {
  if (turn.postback === 'bot') return true;
  return turn.text !== '' && parseCommand(deps, turn.text)?.command === 'bot';
}
