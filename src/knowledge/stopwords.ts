/**
 * Words that say nothing about which topic a question is about: pronouns, prepositions,
 * particles, greetings, and the verbs every question uses ("can", "need", "want", "get", "do").
 * Rarity alone does not find them: in 52 entries "zrobyty" (to do) looks as rare as "azyl", so
 * a story around a question ("I don't know what to do") would outweigh its subject. They still
 * stand in the index; a question simply does not search for them, and no bigram is formed with
 * them. Kept short on purpose: a topic word here would make the bot deaf to it.
 */
const WORDS: Record<'cs' | 'en' | 'uk' | 'ru' | 'vi', string> = {
  cs: `a i o u v ve k ke s se z ze na do od po pro za před nad mezi bez přes
    já ty on ona ono my vy oni mě mi mne mně tě ti tebe mu ho jí ji ním nám vám nás vás jim je jsem jsi jsme jste jsou
    byl byla bylo byli bude budu budou by bych bychom
    můj tvůj náš naše naši váš vaše vaši jeho její jejich svůj svoje své svou
    ten ta to ty ti toho tomu této tuto těch tam tady tu zde
    co což kdo kde kdy jak jaký jaká jaké kolik který která které kam odkud
    ale nebo anebo že aby když protože tak taky také jen jenom už ještě asi prostě vlastně tedy teď nyní
    ano ne není nejsou nemám nemůžu vím
    můžu mohu může můžeme můžete mohou muset musím musí musíme chci chce chceme chtěl chtěla potřebuji potřebuju potřebujeme
    mít mám máme má máte dělat udělat získat dostat
    prosím děkuji dobrý den dobry ahoj zdravím vážení
    nějaký nějaká nějaké něco někde všechno vše každý jiný jiná jiné`,
  en: `a an the and or but if so as at by for from in into of on to with without about over under than then
    i me my mine you your yours he him his she her it its we our they them their this that these those there here
    is am are was were be been being do does did done doing have has had having will would shall should can could may might must
    what which who whom whose when where why how
    not no please thanks hi hello dear hey
    get got getting need needs want wants wanted know like just also still already some any anything something
    very much many lot`,
  uk: `а і й та й але або чи що щоб як де куди звідки чому скільки який яка яке які котрий
    я ти він вона воно ми ви вони мене мені мною тебе тобі його йому її їй нас нам вас вам їх їм
    твій наш наша наше наші ваш ваша ваше ваші свій своя своє свої
    це цей ця ці той та те ті там тут сюди туди
    в у на до з із зі за під над про по для без через між
    не ні так ось вже ще лише тільки теж також просто зараз тепер
    бути є був була було були буде буду будуть
    можу може можемо можете можна треба потрібно потрібен потрібна хочу хоче хочемо знаю знати
    маю має маємо зробити робити отримати
    будь ласка дякую добрий день доброго вітаю привіт
    якийсь якась якісь щось десь все всі кожен інший`,
  ru: `а и й но или ли что чтобы как когда где куда откуда почему какой какая какое какие который
    я ты он она оно мы вы они меня мне мной тебя тебе его ему её ей нас нам вас вам их им
    наш наша наше наши ваш ваша ваше ваши свой своя своё свои
    это этот эта эти тот та те там тут здесь сюда туда
    в во у на до от с со за под над про по для без через между из к ко о об
    не ни да вот уже ещё только тоже также просто сейчас теперь
    есть был была было были будет буду будут
    могу может можем можете можно нужно надо нужен нужна хочу хочет хотим знаю знать
    иметь имею имеет сделать делать получить
    пожалуйста спасибо добрый день здравствуйте привет
    какой-то что-то где-то все всё каждый`,
  // Vietnamese without tone marks folds many syllables together ("thì"/"thi" exam, "em"/"trẻ em"
  // children, "đang"/"đăng ký"), so only syllables that stay harmless when folded are listed.
  vi: `tôi mình ạ à ơi nhé là mà của và với có không được gì nào này đó ấy rồi cũng đã sẽ
    muốn cần phải nên chào ad admin vâng dạ ai`,
};

export interface Stopwords {
  vietnamese: Set<string>;
  other: Set<string>;
}

let cached: Stopwords | null = null;

/** Stopword stems as the index sees them: Vietnamese and the rest apart, like their stemming. */
export function stopwordStems(stem: (text: string, vietnamese: boolean) => string[]): Stopwords {
  if (cached) return cached;
  const out: Stopwords = { vietnamese: new Set(), other: new Set() };
  for (const [lang, list] of Object.entries(WORDS)) {
    const set = lang === 'vi' ? out.vietnamese : out.other;
    for (const w of list.split(/\s+/)) if (w) for (const s of stem(w, lang === 'vi')) set.add(s);
  }
  cached = out;
  return out;
}
