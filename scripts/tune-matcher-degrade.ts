/**
 * Degrades a well-written question the way people type it in a chat: without diacritics,
 * Ukrainian or Russian in Latin letters (by a common scheme, not the matcher's own), with a typo,
 * lower case, and with a sentence of personal story before or after it.
 */
import type { Lang } from '../src/core/language.js';

export type Rand = () => number;

const STORY: Record<Lang, { before: string[]; after: string[] }> = {
  cs: {
    before: ['Dobrý den, jsem tady s rodinou druhým rokem a nevím si rady.', 'Ahoj, kamarádka mi poradila napsat sem.', 'Dobrý den, omlouvám se, že obtěžuji.', 'Pracuji v Brně ve skladu a manžel je doma s dětmi.', 'Píšu za maminku, ona česky neumí.'],
    after: ['Předem děkuji za odpověď.', 'Jsem z toho celá nervózní.'],
  },
  en: {
    before: ['Hi, I moved here last year with my family and I am a bit lost.', 'Hello, a friend told me to ask you.', 'Sorry to bother you.', 'I work night shifts in a warehouse near Brno.', "I'm writing for my mother, she doesn't speak Czech."],
    after: ['Thanks in advance!', 'I am really stressed about it.'],
  },
  uk: {
    before: ['Добрий день, ми з родиною тут другий рік і я не знаю що робити.', 'Привіт, подруга порадила написати сюди.', 'Вибачте, що турбую.', 'Я працюю на складі біля Брна, чоловік вдома з дітьми.', 'Пишу за маму, вона не говорить чеською.'],
    after: ['Заздалегідь дякую!', 'Дуже переживаю через це.'],
  },
  ru: {
    before: ['Здравствуйте, мы с семьёй здесь второй год и я не знаю что делать.', 'Привет, подруга посоветовала написать сюда.', 'Извините за беспокойство.', 'Я работаю на складе под Брно, муж дома с детьми.', 'Пишу за маму, она не говорит по-чешски.'],
    after: ['Заранее спасибо!', 'Очень переживаю из-за этого.'],
  },
  vi: {
    before: ['Chào anh chị, em sang đây được hai năm rồi mà vẫn chưa rõ.', 'Chào ad, bạn em bảo hỏi ở đây.', 'Em xin lỗi làm phiền ạ.', 'Em làm ca đêm ở kho gần Brno.', 'Em hỏi giúp mẹ em, mẹ không biết tiếng Séc.'],
    after: ['Em cảm ơn trước ạ.', 'Em lo quá ạ.'],
  },
};

// How people commonly type Cyrillic in Latin letters (differs from normalize.ts on purpose).
const UK: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'ye', ж: 'zh', з: 'z', и: 'y', і: 'i', ї: 'yi', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ь: '', ю: 'yu', я: 'ya', "'": '', '’': '',
};
const RU: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p',
  р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'ch', ш: 'sh', щ: 'sch', ъ: '', ы: 'y', ь: "'", э: 'e', ю: 'yu', я: 'ya',
};

function translit(s: string, table: Record<string, string>): string {
  return [...s].map((ch) => {
    const low = ch.toLowerCase();
    const t = table[low];
    return t === undefined ? ch : t;
  }).join('');
}

function stripMarks(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

function typo(s: string, rand: Rand): string {
  const words = s.split(' ');
  const i = Math.floor(rand() * words.length);
  const w = words[i] ?? '';
  if (w.length > 4) {
    const j = 1 + Math.floor(rand() * (w.length - 2));
    words[i] = rand() < 0.5 ? w.slice(0, j) + w.slice(j + 1) : w.slice(0, j) + (w[j + 1] ?? '') + (w[j] ?? '') + w.slice(j + 2);
  }
  return words.join(' ');
}

export function degrade(q: string, lang: Lang, rand: Rand): string {
  let s = q;
  const r = rand();
  if (lang === 'uk' && r < 0.25) s = translit(s, UK);
  else if (lang === 'ru' && r < 0.25) s = translit(s, RU);
  else if ((lang === 'cs' || lang === 'vi') && r < 0.5) s = stripMarks(s);
  if (rand() < 0.5) s = typo(s, rand);
  const story = STORY[lang];
  if (rand() < 0.3) {
    const after = rand() < 0.3;
    const list = after ? story.after : story.before;
    const sentence = list[Math.floor(rand() * list.length)] ?? '';
    s = after ? `${s} ${sentence}` : `${sentence} ${s}`;
  }
  if (rand() < 0.5) s = s.toLowerCase();
  return s;
}
