import type { Telegram } from 'telegraf';
import { LANGS, type Lang } from '../../src/core/language.js';
import type { Log } from '../../src/core/ports.js';
import type { Translator } from '../../src/i18n.js';
import { withSignal } from './abortable.js';
import { describeError } from './telegram-sender.js';

/** The commands in Telegram's menu; the pipeline understands each of them typed or pressed. */
export const MENU_COMMANDS = ['start', 'help', 'lang', 'human', 'forget'] as const;

/**
 * Sets the command menu once per language (Telegram shows the one matching the app's language)
 * and a default in the service's default language, in private chats only. A failure leaves the
 * menu as it was and is logged: the commands work typed all the same.
 */
export async function setCommandMenus(telegram: Telegram, i18n: Translator, defaultLang: Lang, log: Log, signal?: AbortSignal): Promise<void> {
  const menu = (lang: Lang) => MENU_COMMANDS.map((command) => ({ command, description: i18n.t(lang, `commandMenu.${command}`).slice(0, 256) }));
  const scope = { type: 'all_private_chats' } as const;
  try {
    for (const lang of LANGS) await telegram.callApi('setMyCommands', { commands: menu(lang), scope, language_code: lang }, withSignal(signal));
    await telegram.callApi('setMyCommands', { commands: menu(defaultLang), scope }, withSignal(signal));
    log.info({ channel: 'telegram', languages: LANGS.length }, 'telegram command menu set');
  } catch (e) {
    if (signal?.aborted) return;
    log.warn({ channel: 'telegram', err: describeError(e) }, 'telegram command menu not set');
  }
}
