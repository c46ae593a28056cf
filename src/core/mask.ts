/**
 * Masks personal data in free text before it is aggregated or logged: e-mail addresses, phone
 * numbers, Czech birth numbers (rodné číslo), passport and residence-card numbers, and other long
 * digit runs (bank accounts, document numbers written as digits only). Pure, so that the log
 * formatter, the editors' review of unanswered questions and exports can share it.
 *
 * It errs on the side of masking: a false positive hides a harmless number from a reviewer, a
 * false negative leaks a vulnerable person's identity into a log.
 */

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
/** YYMMDD/XXXX (or /XXX before 1954), the slash optional and maybe spaced. */
const BIRTH_NUMBER = /(?<![\p{L}\p{N}])\d{6}\s?\/\s?\d{3,4}(?![\p{L}\p{N}])/gu;
/**
 * One to three letters, then 6-9 digits: Ukrainian (FA123456), Vietnamese (C1234567), residence
 * cards (EB1234567). Spaced ("EB 1234567") only after capitals, so that "pas 41234567" keeps its word.
 */
const DOCUMENT = /(?<![\p{L}\p{N}])(?:\p{L}{1,3}|\p{Lu}{1,3}[\s-])\d{6,9}(?![\p{L}\p{N}])/gu;
/** An international prefix, then digits in groups: +420 602 123 456, 00380 (67) 123-45-67. */
const INTERNATIONAL = /(?<![\p{L}\p{N}+])(?:\+|00)\d{1,3}(?:[\s-]?\(?\d+\)?){2,6}(?![\p{L}\p{N}])/gu;
/**
 * Digit groups separated by a space or a hyphen, 9 digits or more in all (602 123 456, 777-12-34-56,
 * account numbers); or one unbroken run of 8 or more (a Czech passport number). Dates (20.11.2026,
 * 2026-11-20) and times stay: dots and colons do not join groups, and a date has 8 digits.
 */
const DIGIT_RUN = /(?<![\p{L}\p{N}])\d+(?:[ -]\d+)+(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])\d{8,}(?![\p{L}\p{N}])/gu;

function digits(s: string): number {
  return s.replace(/\D/g, '').length;
}

export function maskText(text: string): string {
  return text
    .replace(EMAIL, '[e-mail]')
    .replace(BIRTH_NUMBER, '[birth number]')
    .replace(INTERNATIONAL, (m) => (digits(m) >= 8 ? '[phone]' : m))
    .replace(DOCUMENT, '[document]')
    .replace(DIGIT_RUN, (m) => {
      const n = digits(m);
      if (/^\d+$/.test(m)) return n >= 8 ? '[number]' : m;
      if (n < 9) return m;
      // Phone numbers come in short groups (602 123 456); an account number has a long one.
      return n <= 12 && m.split(/[ -]/).every((g) => g.length <= 4) ? '[phone]' : '[number]';
    });
}

/** True when maskText would change something. */
export function hasPersonalData(text: string): boolean {
  return maskText(text) !== text;
}

const MAX_DEPTH = 6;

/**
 * A copy of a structured value (a log line's fields) with every string masked. Errors become
 * { message, name } so that a channel's error text (which may quote a phone number) is masked too.
 */
export function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (value instanceof Error) return { name: value.name, message: maskText(value.message) };
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
  return out;
}
