/* briefkit search text pipeline: the twin of src/briefkit/search_text.py.
 * Same tokenizer, trimmer, stop words and pipeline function names as the Python side
 * that built the index; tests/test_search_parity.py runs this file in Node against
 * lunr.py. Works as a browser script (global lunr) and as a CommonJS module. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory;
  } else {
    root.briefkitPipeline = factory(root.lunr);
  }
})(this, function (lunr) {
  "use strict";
  var TOKEN = /§+|[\p{L}\p{N}]+(?:[&.'\-]+[\p{L}\p{N}]+)*[.\-]*/gu;
  var COMPOUND_JOINS = /[&.'\-]+/u;
  var CASE_NAME = /^(?:[\p{L}\p{N}]-)+$/u;
  var COMBINING = /[\u0300-\u036f]/g;
  var STOP_WORDS = ("a able about across after all almost also am among an and any are as " +
    "at be because been but by dear did do does either else ever every for from get got had " +
    "has have he her hers him his how however i if in into is it its just least let like " +
    "likely me most my of off often on only or our rather said say says she since so some " +
    "than that the their them then there these they this tis to too twas us wants was we " +
    "were what when where which while who whom why with yet you your").split(" ");

  // lunr-languages' Spanish list (lunr.es.js), folded, minus no/ni/debe(n)/puede(n):
  // the same as search_text.spanish_stop_words().
  var SPANISH_STOP_WORDS = ("a al algo algunas algunos ante antes como con contra cual cuando de del desde donde " +
    "durante e el ella ellas ellos en entre era erais eramos eran eras eres es esa esas ese " +
    "eso esos esta estaba estabais estabamos estaban estabas estad estada estadas estado " +
    "estados estais estamos estan estando estar estara estaran estaras estare estareis " +
    "estaremos estaria estariais estariamos estarian estarias estas este esteis estemos " +
    "esten estes esto estos estoy estuve estuviera estuvierais estuvieramos estuvieran " +
    "estuvieras estuvieron estuviese estuvieseis estuviesemos estuviesen estuvieses " +
    "estuvimos estuviste estuvisteis estuvo fue fuera fuerais fueramos fueran fueras fueron " +
    "fuese fueseis fuesemos fuesen fueses fui fuimos fuiste fuisteis ha habeis habia " +
    "habiais habiamos habian habias habida habidas habido habidos habiendo habra habran " +
    "habras habre habreis habremos habria habriais habriamos habrian habrias han has hasta " +
    "hay haya hayais hayamos hayan hayas he hemos hube hubiera hubierais hubieramos " +
    "hubieran hubieras hubieron hubiese hubieseis hubiesemos hubiesen hubieses hubimos " +
    "hubiste hubisteis hubo la las le les lo los mas me mi mia mias mio mios mis mucho " +
    "muchos muy nada nos nosotras nosotros nuestra nuestras nuestro nuestros o os otra " +
    "otras otro otros para pero poco por porque que quien quienes se sea seais seamos sean " +
    "seas sera seran seras sere sereis seremos seria seriais seriamos serian serias si sido " +
    "siendo sin sobre sois somos son soy su sus suya suyas suyo suyos tambien tanto te " +
    "tendra tendran tendras tendre tendreis tendremos tendria tendriais tendriamos tendrian " +
    "tendrias tened teneis tenemos tenga tengais tengamos tengan tengas tengo tenia teniais " +
    "teniamos tenian tenias tenida tenidas tenido tenidos teniendo ti tiene tienen tienes " +
    "todo todos tu tus tuve tuviera tuvierais tuvieramos tuvieran tuvieras tuvieron tuviese " +
    "tuvieseis tuviesemos tuviesen tuvieses tuvimos tuviste tuvisteis tuvo tuya tuyas tuyo " +
    "tuyos un una uno unos vosotras vosotros vuestra vuestras vuestro vuestros y ya yo").split(" ");

  function fold(text) {
    return text.replace(/[\u2018\u2019]/g, "'").normalize("NFKD").replace(COMBINING, "").toLowerCase();
  }

  function tokenize(text) {
    return text ? fold(text).match(TOKEN) || [] : [];
  }

  function trim(word) {
    if (word.slice(-2) === "'s") word = word.slice(0, -2);
    word = word.replace(/[.'&]+$/, "");
    if (!CASE_NAME.test(word)) word = word.replace(/[.\-'&]+$/, "");
    if (!word) return [];
    if (word.charAt(0) === "§") return [word];
    var parts = word.replace(/-+$/, "").split(COMPOUND_JOINS).filter(function (p) { return p.length > 1; });
    return [word].concat(parts.filter(function (p) { return p !== word; }));
  }

  function trimmer(token) {
    return trim(token.toString()).map(function (w) { return token.clone(function () { return w; }); });
  }

  var registered = lunr.Pipeline.registeredFunctions;
  if (!registered["briefkit-trimmer"]) {
    lunr.Pipeline.registerFunction(trimmer, "briefkit-trimmer");
    lunr.Pipeline.registerFunction(lunr.generateStopWordFilter(STOP_WORDS), "briefkit-stop-words");
    // lunr.js's own Porter stemmer (src/briefkit/porter.py is its Python port).
    lunr.Pipeline.registerFunction(function (token) { return lunr.stemmer(token); }, "briefkit-stemmer");
  }
  if (lunr.es && !registered["briefkit-stop-words-es"]) {
    lunr.Pipeline.registerFunction(lunr.generateStopWordFilter(SPANISH_STOP_WORDS), "briefkit-stop-words-es");
  }

  return { fold: fold, tokenize: tokenize, trim: trim, stopWords: STOP_WORDS };
});
