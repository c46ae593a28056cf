/**
 * WhatsApp tells nothing about a user's language; the country code of their number is the best
 * first guess until they write (the pipeline then reads the language from the message itself).
 */
const PREFIXES: [string, string][] = [
  ['420', 'cs'],
  ['421', 'sk'],
  ['380', 'uk'],
  ['375', 'be'],
  ['84', 'vi'],
  ['7', 'ru'],
];

/** `number` is digits in international format, optionally with a WhatsApp suffix ("@c.us"). */
export function localeFromPhone(number: string): string | undefined {
  const digits = number.split('@')[0] ?? '';
  if (!/^\d{6,}$/.test(digits)) return undefined;
  return PREFIXES.find(([prefix]) => digits.startsWith(prefix))?.[1];
}
