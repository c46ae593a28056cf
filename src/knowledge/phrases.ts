import { tokens } from './normalize.js';

/**
 * Finds phrases in a message by word beginnings, after the same folding as everything else:
 * "людин" matches людиною and liudynoiu, "spojte" matches "Spojte". A phrase matches where its
 * words stand one after another in the message. `maxEnding` limits how much may follow a
 * beginning, for words whose longer relatives mean something else ("human" is not
 * "humanitarian", "agent" not "agentura").
 */
export class PhraseSet {
  private readonly phrases: string[][];
  private readonly words: Set<string>;

  constructor(
    phrases: readonly string[],
    private readonly maxEnding = Infinity,
  ) {
    this.phrases = phrases.map((p) => tokens(p)).filter((p) => p.length > 0);
    this.words = new Set(this.phrases.flat());
  }

  /** Whether any phrase occurs in the (already tokenized) message. */
  matches(message: readonly string[]): boolean {
    return this.first(message) >= 0;
  }

  /** Where the first phrase occurrence starts in the message, or -1. */
  first(message: readonly string[], from = 0): number {
    for (let i = from; i < message.length; i++) if (this.phrases.some((p) => this.at(p, message, i))) return i;
    return -1;
  }

  /** Where the last phrase occurrence starts in the message, or -1. */
  last(message: readonly string[]): number {
    for (let i = message.length - 1; i >= 0; i--) if (this.phrases.some((p) => this.at(p, message, i))) return i;
    return -1;
  }

  /** Whether a single word of the message is one of the phrases' words. */
  covers(word: string): boolean {
    for (const w of this.words) if (this.fits(w, word)) return true;
    return false;
  }

  private at(phrase: readonly string[], message: readonly string[], i: number): boolean {
    if (i + phrase.length > message.length) return false;
    for (let j = 0; j < phrase.length; j++) if (!this.fits(phrase[j] ?? '', message[i + j] ?? '')) return false;
    return true;
  }

  private fits(beginning: string, word: string): boolean {
    return word.startsWith(beginning) && word.length - beginning.length <= this.maxEnding;
  }
}
