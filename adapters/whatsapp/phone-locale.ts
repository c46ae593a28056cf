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
  const [digits = '', domain] = number.split('@');
  // A "@lid" id is an opaque number, not a phone number.
  if (domain !== undefined && domain !== 'c.us' && domain !== 's.whatsapp.net') return undefined;
  if (!/^\d{6,}$/.test(digits)) return undefined;
  return PREFIXES.find(([prefix]) => digits.startsWith(prefix))?.[1];
}
