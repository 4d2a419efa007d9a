"""The search text pipeline, the same in Python (index build) and in JavaScript (queries).

``templates/static/search-pipeline.js`` is the browser twin of this module: the same
tokenizer regular expression, the same trimmer, the same stop-word list and the same
pipeline function names, registered with lunr.py here and with lunr.js there
(``tests/test_search_parity.py`` proves they agree, token for token and score for score).

Legal text needs more than lunr's defaults:
- words readers search for are kept: must, may, shall, not, no, should (lunr's
  English stop-word list drops them);
- "A-B-", "8 U.S.C. § 1158", "I&N", "Title VII" survive: a token may hold ``& . - '``
  between letters or digits, "§" is a token of its own, a run of single letters and
  hyphens ("a-b-", the anonymised case names) keeps its trailing hyphen, and a compound
  is indexed whole and as its parts ("asylum-seekers" also finds "asylum");
- accents are folded ("Brané" and "Brane" find the same thing).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from lunr.pipeline import Pipeline
from lunr.token import Token

from . import porter

TOKEN = re.compile(r"§+|[^\W_]+(?:[&.'\-]+[^\W_]+)*[.\-]*")
COMPOUND_JOINS = re.compile(r"[&.'\-]+")
CASE_NAME = re.compile(r"(?:[^\W_]-)+\Z")      # a-b-, a-r-c-g-
COMBINING = re.compile("[\u0300-\u036f]")

# lunr's English stop words without the ones legal readers search for.
KEEP = frozenset({"must", "may", "shall", "not", "no", "should", "can", "cannot", "could",
                  "might", "would", "will", "nor", "neither", "other", "own"})
LUNR_STOP_WORDS = (
    "a able about across after all almost also am among an and any are as at be because been "
    "but by can cannot could dear did do does either else ever every for from get got had has "
    "have he her hers him his how however i if in into is it its just least let like likely "
    "may me might most must my neither no nor not of off often on only or other our own rather "
    "said say says she should since so some than that the their them then there these they "
    "this tis to too twas us wants was we were what when where which while who whom why will "
    "with would yet you your").split()
STOP_WORDS = tuple(w for w in LUNR_STOP_WORDS if w not in KEEP)

# Spanish stop words: the list lunr-languages' lunr.es.js uses, minus the legal ones
# ("no", "ni"). Read from node_modules at build time when present (see spanish_stop_words).
SPANISH_KEEP = frozenset({"no", "ni", "debe", "deben", "puede", "pueden"})


def fold(text: str) -> str:
    """Lower case without accents: 'Brané' -> 'brane'; curly apostrophes made straight."""
    if text.isascii():  # nothing to decompose or straighten (most texts: twice as fast)
        return text.lower()
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\u2018", "'"))
    return COMBINING.sub("", text).lower()


def tokenize(text: str) -> list[str]:
    """Raw tokens of a text, folded (the trimmer finishes them)."""
    return TOKEN.findall(fold(text)) if text else []


def trim(word: str) -> list[str]:
    """One raw token -> the terms to index: the whole compound, then its parts."""
    if word.endswith("'s"):
        word = word[:-2]
    word = word.rstrip(".'&")
    if not CASE_NAME.match(word):
        word = word.rstrip(".-'&")
    if not word:
        return []
    if word.startswith("§"):
        return [word]
    parts = [p for p in COMPOUND_JOINS.split(word.rstrip("-")) if len(p) > 1]
    return [word] + [p for p in parts if p != word]


def _trimmer(token, i=None, tokens=None):
    words = trim(str(token))
    return [token.clone(lambda s, m=None, w=w: w) for w in words]


def _stop_filter(words):
    words = frozenset(words)

    def stop_word_filter(token, i=None, tokens=None):
        return None if str(token) in words else token
    return stop_word_filter


def _stemmer(token, i=None, tokens=None):
    return token.update(lambda s, m=None: porter.stem(s))


Pipeline.register_function(_trimmer, "briefkit-trimmer")
Pipeline.register_function(_stemmer, "briefkit-stemmer")
Pipeline.register_function(_stop_filter(STOP_WORDS), "briefkit-stop-words")


def _register_spanish():
    import snowballstemmer  # ships its algorithm, no download

    stem = snowballstemmer.stemmer("spanish").stemWord

    def stemmer_es(token, i=None, tokens=None):
        return token.update(lambda s, m=None: stem(s))
    Pipeline.register_function(stemmer_es, "stemmer-es")
    Pipeline.register_function(_stop_filter(spanish_stop_words()), "briefkit-stop-words-es")


@lru_cache(maxsize=1)
def spanish_stop_words() -> tuple[str, ...]:
    # The list of lunr-languages (lunr.es.js), kept here so a wheel needs no node_modules.
    words = (
        "a al algo algunas algunos ante antes como con contra cual cuando de del desde donde "
        "durante e el ella ellas ellos en entre era erais eran eras eres es esa esas ese eso esos "
        "esta estaba estabais estaban estabas estad estada estadas estado estados estamos estando "
        "estar estaremos estará estarán estarás estaré estaréis estaría estaríais estaríamos "
        "estarían estarías estas este estemos esto estos estoy estuve estuviera estuvierais "
        "estuvieran estuvieras estuvieron estuviese estuvieseis estuviesen estuvieses estuvimos "
        "estuviste estuvisteis estuviéramos estuviésemos estuvo está estábamos estáis están "
        "estás esté estéis estén estés fue fuera fuerais fueran fueras fueron fuese fueseis "
        "fuesen fueses fui fuimos fuiste fuisteis fuéramos fuésemos ha habida habidas habido "
        "habidos habiendo habremos habrá habrán habrás habré habréis habría habríais habríamos "
        "habrían habrías habéis había habíais habíamos habían habías han has hasta hay haya "
        "hayamos hayan hayas hayáis he hemos hube hubiera hubierais hubieran hubieras hubieron "
        "hubiese hubieseis hubiesen hubieses hubimos hubiste hubisteis hubiéramos hubiésemos "
        "hubo la las le les lo los me mi mis mucho muchos muy más mí mía mías mío míos nada ni "
        "no nos nosotras nosotros nuestra nuestras nuestro nuestros o os otra otras otro otros "
        "para pero poco por porque que quien quienes qué se sea seamos sean seas seremos será "
        "serán serás seré seréis sería seríais seríamos serían serías seáis sido siendo sin "
        "sobre sois somos son soy su sus suya suyas suyo suyos sí también tanto te tendremos "
        "tendrá tendrán tendrás tendré tendréis tendría tendríais tendríamos tendrían tendrías "
        "tened tenemos tenga tengamos tengan tengas tengo tengáis tenida tenidas tenido tenidos "
        "teniendo tenéis tenía teníais teníamos tenían tenías ti tiene tienen tienes todo todos "
        "tu tus tuve tuviera tuvierais tuvieran tuvieras tuvieron tuviese tuvieseis tuviesen "
        "tuvieses tuvimos tuviste tuvisteis tuviéramos tuviésemos tuvo tuya tuyas tuyo tuyos tú "
        "un una uno unos vosotras vosotros vuestra vuestras vuestro vuestros y ya yo él éramos")
    # Folded, as the trimmer folds every token before the filter sees it.
    return tuple(sorted({fold(w) for w in words.split()} - SPANISH_KEEP))


_register_spanish()

PIPELINES = {  # language -> pipeline function names, in order (the JS side registers the same)
    "en": ("briefkit-trimmer", "briefkit-stop-words", "briefkit-stemmer"),
    "es": ("briefkit-trimmer", "briefkit-stop-words-es", "stemmer-es"),
}


def language(lang: str | None) -> str:
    """The pipeline language for a brief's ``lang`` ('es-MX' -> 'es'); English otherwise."""
    code = (lang or "en").split("-")[0].lower()
    return code if code in PIPELINES else "en"


def pipeline(lang: str) -> Pipeline:
    built = Pipeline()
    for name in PIPELINES[lang]:
        built.add(Pipeline.registered_functions[name])
    return built


class Analyzer:
    """Text -> index terms for one language, memoised per raw token (the build's hot path)."""

    def __init__(self, lang: str):
        self.lang = lang
        self._pipeline = pipeline(lang)
        self._cache: dict[str, list[str]] = {}

    def terms_of_token(self, raw: str) -> list[str]:
        found = self._cache.get(raw)
        if found is None:
            found = [str(t) for t in self._pipeline.run([Token(raw, {})])]
            self._cache[raw] = found
        return found

    def terms(self, text: str) -> list[str]:
        return self.terms_of_tokens(tokenize(text)) if text else []

    def terms_of_tokens(self, tokens: list[str]) -> list[str]:
        """``terms`` of a text from its raw tokens (``tokenize``), for a caller that has
        them already (the index counts "Did you mean" words from the same tokens)."""
        out: list[str] = []
        cache = self._cache
        for raw in tokens:
            found = cache.get(raw)
            out.extend(found if found is not None else self.terms_of_token(raw))
        return out
