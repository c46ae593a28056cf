import { tokens } from './normalize.js';

/**
 * Finds phrases in a message by word beginnings, after the same folding as everything else:
 * "людин" matches людиною and liudynoiu, "spojte" matches "Spojte". A phrase matches where its
 * words stand one after another in the message.
 */
export class PhraseSet {
  private readonly phrases: string[][];

  constructor(phrases: readonly string[]) {
    this.phrases = phrases.map((p) => tokens(p)).filter((p) => p.length > 0);
  }

  /** Whether any phrase occurs in the (already tokenized) message. */
  matches(message: readonly string[]): boolean {
    return this.phrases.some((p) => occurs(p, message));
  }
}

function occurs(phrase: readonly string[], message: readonly string[]): boolean {
  for (let i = 0; i + phrase.length <= message.length; i++) {
    let ok = true;
    for (let j = 0; j < phrase.length && ok; j++) ok = (message[i + j] ?? '').startsWith(phrase[j] ?? '');
    if (ok) return true;
  }
  return false;
}
