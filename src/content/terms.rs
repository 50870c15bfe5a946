//! Tokenising an article's text into term counts for text similarity.
//!
//! This runs once per article at load time (in parallel, in the parse stage,
//! which is why it lives in the content stage), so the related stage itself only ever sees compact `(term hash, count)`
//! pairs. What this module does:
//!
//! - Unicode-aware tokenising: lowercase, split on anything that is not a
//!   letter, digit or combining mark; runs of Han / Kana characters (written
//!   without spaces) become overlapping character bigrams.
//! - Drops tokens of one character, tokens made only of digits (table
//!   figures, years: noise for relatedness), and the stop words of the site's
//!   `language` (en, de, fr, es, ru, it, pt, nl; anything else falls back to
//!   English).
//! - A light English plural stemmer (`elections` -> `election`).
//! - Title terms count [`TITLE_BOOST`] times more than body terms.
//!
//! Not here: document frequencies and weights; those need the whole site and
//! belong to the related stage ([`crate::site::related::compute`]).

use std::sync::OnceLock;

/// Extra counts for every occurrence of a term in the title (on top of the
/// occurrence in `text`, which already contains the title).
pub const TITLE_BOOST: u32 = 2;

/// Bits of a packed term that hold its count (the rest hold its hash).
const COUNT_BITS: u32 = 8;
const COUNT_MASK: u64 = (1 << COUNT_BITS) - 1;

/// The terms of one article's text with their counts: one `u64` per distinct
/// term, the term's hash in the high 56 bits and its count (saturating at
/// 255) in the low 8, sorted. Compact, because every article keeps one and
/// the related stage streams through all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermCounts {
    packed: Vec<u64>,
}

impl TermCounts {
    /// Tokenises `text` (title + summary + body as plain text) and counts its
    /// terms; terms of `title` count [`TITLE_BOOST`] extra times.
    pub fn from_text(title: &str, text: &str, language: &str) -> TermCounts {
        let stop = stop_words(language);
        let english = lang_code(language) == "en" || !is_known_language(language);
        let mut hashes: Vec<u64> = Vec::with_capacity(text.len() / 6 + 8);
        tokenize(text, &mut |tok| {
            if let Some(h) = term_of(tok, stop, english) {
                hashes.push(h);
            }
        });
        tokenize(title, &mut |tok| {
            if let Some(h) = term_of(tok, stop, english) {
                for _ in 0..TITLE_BOOST {
                    hashes.push(h);
                }
            }
        });
        TermCounts::from_hashes(hashes)
    }

    /// Counts a bag of term hashes (e.g. from [`term_hash`]).
    pub fn from_hashes(mut hashes: Vec<u64>) -> TermCounts {
        for h in &mut hashes {
            *h &= !COUNT_MASK;
        }
        hashes.sort_unstable();
        let mut packed: Vec<u64> = Vec::new();
        for h in hashes {
            match packed.last_mut() {
                Some(last) if *last & !COUNT_MASK == h => {
                    if *last & COUNT_MASK < COUNT_MASK {
                        *last += 1;
                    }
                }
                _ => packed.push(h | 1),
            }
        }
        packed.shrink_to_fit();
        TermCounts { packed }
    }

    /// The packed form (see [`TermCounts`]), e.g. to cache it.
    pub fn packed(&self) -> &[u64] {
        &self.packed
    }

    /// From the packed form of [`TermCounts::packed`]; `None` unless sorted
    /// with unique hashes and non-zero counts.
    pub fn from_packed(packed: Vec<u64>) -> Option<TermCounts> {
        let valid = packed.iter().all(|p| p & COUNT_MASK != 0)
            && packed
                .windows(2)
                .all(|w| w[0] & !COUNT_MASK < w[1] & !COUNT_MASK);
        valid.then_some(TermCounts { packed })
    }

    /// `(term key, count)` pairs in key order; the key is the term's hash
    /// with the low 8 bits cleared.
    pub fn iter(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.packed
            .iter()
            .map(|&p| (p & !COUNT_MASK, (p & COUNT_MASK) as u32))
    }

    /// Number of distinct terms.
    pub fn len(&self) -> usize {
        self.packed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.packed.is_empty()
    }

    /// The count of a term (as returned by [`term_hash`]), 0 if absent.
    pub fn count(&self, hash: u64) -> u32 {
        let key = hash & !COUNT_MASK;
        match self.packed.binary_search(&(key | COUNT_MASK)) {
            Ok(i) => (self.packed[i] & COUNT_MASK) as u32,
            Err(i) if i > 0 && self.packed[i - 1] & !COUNT_MASK == key => {
                (self.packed[i - 1] & COUNT_MASK) as u32
            }
            _ => 0,
        }
    }
}

/// Turns one lowercase token into a term hash, or none if it is not a term.
fn term_of(tok: &str, stop: &[u64], english: bool) -> Option<u64> {
    let mut chars = tok.chars();
    let first = chars.next()?;
    if chars.next().is_none() && !is_cjk(first) {
        return None; // a single letter or digit
    }
    if tok.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h = term_hash(tok);
    if stop.binary_search(&h).is_ok() {
        return None;
    }
    if english && let Some((base, ending)) = english_plural_stem(tok) {
        return Some(hash_parts(base, ending));
    }
    Some(h)
}

/// The stable 64-bit hash of a term (FNV-1a, then a bit mixer). Stable across
/// runs and platforms: the related lists must not depend on a random seed.
pub fn term_hash(term: &str) -> u64 {
    hash_parts(term, "")
}

/// [`term_hash`] of `base` followed by `ending`, without joining them.
fn hash_parts(base: &str, ending: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in base.as_bytes().iter().chain(ending.as_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // splitmix64 finaliser: spreads FNV's weak low bits.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// Calls `emit` with every lowercase token of `text`.
pub fn tokenize(text: &str, emit: &mut dyn FnMut(&str)) {
    let mut word = String::new();
    let mut prev_cjk: Option<char> = None;
    let mut cjk_run = 0usize;
    let mut buf = [0u8; 8];
    let end_cjk = |prev: &mut Option<char>,
                   run: &mut usize,
                   emit: &mut dyn FnMut(&str),
                   buf: &mut [u8; 8]| {
        if *run == 1
            && let Some(p) = *prev
        {
            emit(p.encode_utf8(buf));
        }
        *prev = None;
        *run = 0;
    };
    for c in text.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                emit(&word);
                word.clear();
            }
            if let Some(p) = prev_cjk {
                let mut pair = String::with_capacity(8);
                pair.push(p);
                pair.push(c);
                emit(&pair);
            }
            prev_cjk = Some(c);
            cjk_run += 1;
        } else if is_word_char(c) {
            end_cjk(&mut prev_cjk, &mut cjk_run, emit, &mut buf);
            if c.is_ascii() {
                word.push(c.to_ascii_lowercase());
            } else {
                word.extend(c.to_lowercase());
            }
        } else {
            end_cjk(&mut prev_cjk, &mut cjk_run, emit, &mut buf);
            if !word.is_empty() {
                emit(&word);
                word.clear();
            }
        }
    }
    end_cjk(&mut prev_cjk, &mut cjk_run, emit, &mut buf);
    if !word.is_empty() {
        emit(&word);
    }
}

/// Letters, digits, and the combining marks and joiners that belong inside
/// words in scripts such as Devanagari, Arabic or Hebrew.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if c.is_alphanumeric() {
        return true;
    }
    let u = c as u32;
    matches!(u,
        0x0300..=0x036F          // combining diacritical marks
        | 0x0483..=0x0489        // Cyrillic combining marks
        | 0x0591..=0x05BD | 0x05BF | 0x05C1..=0x05C2 | 0x05C4..=0x05C5 | 0x05C7 // Hebrew points
        | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06DC
        | 0x06DF..=0x06E4 | 0x06E7..=0x06E8 | 0x06EA..=0x06ED // Arabic marks
        | 0x0900..=0x0963 | 0x0966..=0x0DFF // Indic scripts (vowel signs, viramas), not the dandas
        | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
        | 0x200C..=0x200D        // zero-width (non-)joiner
    )
}

/// Scripts written without spaces between words, tokenised as bigrams.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0x20000..=0x2FA1F  // supplementary ideographs
    )
}

/// A light English plural stemmer: `policies` -> `policy`, `talks` -> `talk`;
/// leaves `news`-like short words, `-ss`, `-us`, `-is` alone. The stem is a
/// prefix of the token and an ending (`("polic", "y")`), so that no string
/// is built for it.
fn english_plural_stem(tok: &str) -> Option<(&str, &'static str)> {
    if !tok.is_ascii() || tok.len() <= 3 {
        return None;
    }
    if let Some(base) = tok.strip_suffix("ies") {
        if base.len() >= 2 {
            return Some((base, "y"));
        }
        return None;
    }
    if tok.ends_with('s')
        && !tok.ends_with("ss")
        && !tok.ends_with("us")
        && !tok.ends_with("is")
        && !tok.ends_with("'s")
    {
        return Some((&tok[..tok.len() - 1], ""));
    }
    None
}

/// `en-GB`, `de_AT`, `FR` -> `en`, `de`, `fr`.
fn lang_code(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

const LANGUAGES: [(&str, &str); 10] = [
    ("en", EN),
    ("de", DE),
    ("fr", FR),
    ("es", ES),
    ("ru", RU),
    ("it", IT),
    ("pt", PT),
    ("nl", NL),
    ("kk", KK),
    ("ar", AR),
];

fn is_known_language(language: &str) -> bool {
    let code = lang_code(language);
    LANGUAGES.iter().any(|(l, _)| *l == code)
}

/// Sorted hashes of the stop words of `language` (English if unknown).
fn stop_words(language: &str) -> &'static [u64] {
    static SETS: [OnceLock<Vec<u64>>; LANGUAGES.len()] =
        [const { OnceLock::new() }; LANGUAGES.len()];
    let code = lang_code(language);
    let i = LANGUAGES.iter().position(|(l, _)| *l == code).unwrap_or(0);
    SETS[i].get_or_init(|| {
        let mut v: Vec<u64> = LANGUAGES[i].1.split_whitespace().map(term_hash).collect();
        v.sort_unstable();
        v.dedup();
        v
    })
}

/// Whether `word` (lowercase) is a stop word of `language`.
pub fn is_stop_word(word: &str, language: &str) -> bool {
    stop_words(language).binary_search(&term_hash(word)).is_ok()
}

const EN: &str = "a about above after again against all also am an and any are aren as at \
be because been before being below between both but by can cannot could couldn did didn do \
does doesn doing don down during each even ever every few for from further get got had hadn has \
hasn have haven having he her here hers herself him himself his how however i if in into is isn \
it its itself just last least less let like ll made make many may me might more most much must \
mustn my myself near neither no nor not now of off often on once one only or other others ought \
our ours ourselves out over own per put re said same say says see seen shall shan she should \
shouldn since so some still such than that the their theirs them themselves then there these \
they this those though through thus to too two under until up upon us ve very via was wasn way \
we well were weren what when where whether which while who whom whose why will with within \
without won would wouldn yet you your yours yourself yourselves mr mrs ms";

const DE: &str = "aber alle allem allen aller alles als also am an ander andere anderem anderen \
anderer anderes anderm andern anderr anders auch auf aus bei beim bin bis bist da damit dann \
das dass dasselbe dazu dein deine deinem deinen deiner deines dem demselben den denn denselben \
der derer derselbe derselben des desselben dessen dich die dies diese dieselbe dieselben diesem \
diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines einig einige \
einigem einigen einiger einiges einmal er es etwas euch euer eure eurem euren eurer eures für \
gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem \
ihren ihrer ihres im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes \
jetzt kann kein keine keinem keinen keiner keines können könnte machen man manche manchem \
manchen mancher manches mein meine meinem meinen meiner meines mich mir mit muss musste nach \
nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich \
sie sind so solche solchem solchen solcher solches soll sollte sondern sonst über um und uns \
unsere unserem unseren unser unseres unter viel vom von vor wann war waren warst was weg weil \
weiter welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst \
wo wollen wollte würde würden zu zum zur zwar zwischen sagte laut seit sowie bereits rund";

const FR: &str = "au aux avec ce ces dans de des du elle en et eux il ils je la le les leur \
lui ma mais me même mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son \
sur ta te tes toi ton tu un une vos votre vous c d j l à m n s t y été étée étées étés étant \
étante étants étantes suis es est sommes êtes sont serai seras sera serons serez seront serais \
serait serions seriez seraient étais était étions étiez étaient fus fut fûmes fûtes furent \
sois soit soyons soyez soient fusse fusses fût fussions fussiez fussent ayant ayante ayantes \
ayants eu eue eues eus ai as avons avez ont aurai auras aura aurons aurez auront aurais aurait \
aurions auriez auraient avais avait avions aviez avaient eut eûmes eûtes eurent aie aies ait \
ayons ayez aient eusse eusses eût eussions eussiez eussent ceci cela celà cet cette ici ils \
les leurs quel quels quelle quelles sans soi aussi comme donc dont encore entre lors où plus \
selon si sous tout tous toute toutes très après avant depuis deux alors autre autres bien \
celle celles celui ceux chaque contre déjà elles fait faire leurs peu peut puis quand rien";

const ES: &str = "de la que el en y a los del se las por un para con no una su al lo como más \
pero sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde \
quien desde todo nos durante todos uno les ni contra otros ese eso ante ellos e esto mí antes \
algunos qué unos yo otro otras otra él tanto esa estos mucho quienes nada muchos cual poco ella \
estar estas algunas algo nosotros mi mis tú te ti tu tus ellas nosotras vosotros vosotras os \
mío mía míos mías tuyo tuya tuyos tuyas suyo suya suyos suyas nuestro nuestra nuestros \
nuestras vuestro vuestra vuestros vuestras esos esas estoy estás está estamos estáis están \
esté estés estemos estéis estén estaré estará estaban estaba estuvo he has ha hemos habéis \
han haya hayan habrá había habían hubo soy eres es somos sois son sea sean será serán era \
eran fue fueron sido tengo tiene tenemos tienen tenía tuvo dijo según aunque así cada dos \
tras además ser hacer puede pueden mientras";

const RU: &str = "и в во не что он на я с со как а то все она так его но да ты к у же вы за \
бы по только ее её мне было вот от меня еще ещё нет о из ему теперь когда даже ну вдруг ли \
если уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может \
они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под \
будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы \
нее неё сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над \
больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою \
этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это также \
который которые которая которое которых котором которой которую заявил сообщил году года";

const IT: &str = "a ad al alla alle allo agli ai anche avere aveva c che chi ci come con contro \
cui da dal dalla dalle dei del della delle dello degli di dopo dove e è ed era essere fa gli \
ha hanno i il in io la le lei lo loro lui ma mi nel nella nelle nei negli no noi non o per \
perché più poi quale quando quello questa questo se si sono su sua sue suo suoi sul sulla tra \
tutti tutto un una uno vi sono stato stata essere fra ancora già";

const PT: &str = "a ao aos as à às com como da das de dela dele deles do dos e é ela elas ele \
eles em entre era essa esse esta este eu foi for foram há isso isto já lhe mais mas me mesmo \
meu minha muito na nas não nem no nos nós o os ou para pela pelas pelo pelos por qual quando \
que quem se sem ser seu seus sua suas também te tem têm um uma umas uns você foram segundo \
após ainda sobre";

const NL: &str = "aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch \
doen door dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe \
hun iemand iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet \
niets nog nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit uw van veel \
voor want waren was wat werd wezen wie wil worden wordt zal ze zelf zich zij zijn zo zonder \
zou volgens";

/// Kazakh: conjunctions, particles, postpositions, pronouns and their
/// common case forms, the verbs of reporting ("деді", "хабарлады").
const KK: &str = "және мен бен пен да де та те ал бірақ алайда немесе әрі не де ма ме ба бе па пе ғой қой ғана тек енді әлі тағы да біз сіз сен ол олар осы бұл сол ана мына анау кім қай қандай қалай неге неше қашан қайда нені үшін туралы арқылы бойынша сияқты секілді дейін кейін соң бері шейін бар жоқ емес еді екен едi болды болып болса болған болатын болады болмақ деп деді дейді деген айтты хабарлады мәлімдеді әр барлық бәрі барша өз өзі өзінің оның олардың біздің сіздің менің сенің оны оған одан онда оларға олардан мұнда сонда осында мұның осының сонымен сондай осындай бір екі үш кейбір көп аз жыл жылы жылғы";

/// Arabic (Modern Standard): prepositions, pronouns, particles,
/// demonstratives and relatives, with the conjunction و attached where
/// news prose writes it so.
const AR: &str = "في من على إلى الى عن مع هذا هذه ذلك تلك هؤلاء التي الذي الذين اللذان اللتان أن إن ان كان كانت يكون تكون قد لقد لا ما لم لن ليس هو هي هم هن نحن أنا أنت و أو ثم بل كل بعد قبل عند بين حتى إذا اذا كما أي غير منذ خلال حول لدى فقط أيضا ايضا وقد وفي وهو وهي ومن وعلى وإلى وأن وكان وكانت ولا وما وهذا وهذه به بها له لها فيه فيها منه منها عليه عليها إليه عنه عنها التى الى هناك هنا عام قال وقال أكثر";

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        tokenize(text, &mut |t| v.push(t.to_string()));
        v
    }

    #[test]
    fn tokenises_unicode_and_lowercases() {
        assert_eq!(
            tokens("Hello, Wörld! Über-Straße"),
            ["hello", "wörld", "über", "straße"]
        );
        assert_eq!(tokens("Қазақстан и Россия."), ["қазақстан", "и", "россия"]);
        assert_eq!(tokens("नमस्ते दुनिया"), ["नमस्ते", "दुनिया"]);
        assert_eq!(tokens("東京都に"), ["東京", "京都", "都に"]);
        assert_eq!(tokens("a 東 b"), ["a", "東", "b"]);
        assert!(tokens("  -- ,, ").is_empty());
    }

    #[test]
    fn drops_stop_words_numbers_and_single_letters() {
        let t = TermCounts::from_text(
            "",
            "The 2024 budget of a government: the budget, 12 x",
            "en",
        );
        assert_eq!(t.len(), 2);
        assert_eq!(t.count(term_hash("budget")), 2);
        assert_eq!(t.count(term_hash("government")), 1);
        assert_eq!(t.count(term_hash("the")), 0);
    }

    #[test]
    fn stop_words_per_language_with_english_fallback() {
        assert!(is_stop_word("und", "de"));
        assert!(is_stop_word("und", "de-AT"));
        assert!(!is_stop_word("und", "en"));
        assert!(is_stop_word("которые", "ru"));
        assert!(is_stop_word("dans", "fr"));
        assert!(is_stop_word("según", "es"));
        assert!(is_stop_word("the", "xx"));
        assert!(is_stop_word("және", "kk"));
        assert!(is_stop_word("туралы", "kk"));
        assert!(!is_stop_word("және", "ru"));
        assert!(is_stop_word("الذي", "ar"));
        let kk = TermCounts::from_text("", "Алматы метросы және жаңа бекеттер туралы", "kk");
        assert_eq!(kk.len(), 4);
        let de = TermCounts::from_text("", "Die Regierung und der Kanzler", "de");
        assert_eq!(de.len(), 2);
    }

    #[test]
    fn english_plurals_are_folded() {
        let t = TermCounts::from_text("", "Elections election policies policy news", "en");
        assert_eq!(t.count(term_hash("election")), 2);
        assert_eq!(t.count(term_hash("policy")), 2);
        // Only in English.
        let f = TermCounts::from_text("", "élections élection", "fr");
        assert_eq!(f.len(), 2);
    }

    #[test]
    fn title_terms_count_extra() {
        let text = "Budget vote\nThe budget vote was close. Farmers protested.";
        let t = TermCounts::from_text("Budget vote", text, "en");
        assert_eq!(t.count(term_hash("budget")), 2 + TITLE_BOOST);
        assert_eq!(t.count(term_hash("farmer")), 1);
    }

    #[test]
    fn packed_round_trip() {
        let t = TermCounts::from_text("Title", "some words, some more words", "en");
        assert_eq!(
            TermCounts::from_packed(t.packed().to_vec()),
            Some(t.clone())
        );
        assert_eq!(TermCounts::from_packed(vec![2 << 8 | 1, 1 << 8 | 1]), None);
        assert_eq!(TermCounts::from_packed(vec![1 << 8]), None);
    }

    #[test]
    fn counts_saturate() {
        let t = TermCounts::from_hashes(vec![term_hash("x"); 1000]);
        assert_eq!(t.count(term_hash("x")), 255);
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn sorted_unique_and_empty() {
        let t = TermCounts::from_text("x", "zeta alpha beta alpha", "en");
        let keys: Vec<u64> = t.iter().map(|(k, _)| k).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(t.count(term_hash("alpha")), 2);
        assert!(TermCounts::from_text("", "", "en").is_empty());
        assert_eq!(term_hash("abc"), term_hash("abc"));
        assert_ne!(term_hash("abc"), term_hash("abd"));
    }
}
