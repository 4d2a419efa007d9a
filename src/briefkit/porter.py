"""lunr.js 2.3.9's Porter stemmer, ported line for line.

lunr.py ships a different Porter implementation which disagrees with lunr.js on some
words ("may": lunr.py "mai", lunr.js "may"), so an index built with it would miss
queries typed in the browser. This port is registered with lunr.py as
"briefkit-stemmer"; search-pipeline.js registers lunr.js's own stemmer under the same
name. tests/test_search_parity.py compares the two on every word of a corpus.
"""
from __future__ import annotations

import re
from functools import lru_cache

STEP2 = {"ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
         "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
         "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
         "iviti": "ive", "biliti": "ble", "logi": "log"}
STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
c = "[^aeiou]"
v = "[aeiouy]"
C = c + "[^aeiouy]*"
V = v + "[aeiou]*"
MGR0 = re.compile("^(" + C + ")?" + V + C)
MEQ1 = re.compile("^(" + C + ")?" + V + C + "(" + V + ")?$")
MGR1 = re.compile("^(" + C + ")?" + V + C + V + C)
S_V = re.compile("^(" + C + ")?" + v)
RE_1A = re.compile(r"^(.+?)(ss|i)es$")
RE2_1A = re.compile(r"^(.+?)([^s])s$")
RE_1B = re.compile(r"^(.+?)eed$")
RE2_1B = re.compile(r"^(.+?)(ed|ing)$")
RE2_1B_2 = re.compile(r"(at|bl|iz)$")
RE3_1B_2 = re.compile(r"([^aeiouylsz])\1$")
RE4_1B_2 = re.compile("^" + C + v + "[^aeiouwxy]$")
RE_1C = re.compile(r"^(.+?[^aeiou])y$")
RE_2 = re.compile(r"^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|"
                  r"alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$")
RE_3 = re.compile(r"^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$")
RE_4 = re.compile(r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$")
RE2_4 = re.compile(r"^(.+?)(s|t)(ion)$")
RE_5 = re.compile(r"^(.+?)e$")
RE_5_1 = re.compile(r"ll$")
RE3_5 = re.compile("^" + C + v + "[^aeiouwxy]$")


@lru_cache(maxsize=65536)
def stem(w: str) -> str:
    if len(w) < 3:
        return w
    firstch = w[0]
    if firstch == "y":
        w = "Y" + w[1:]
    if m := RE_1A.search(w):
        w = m.group(1) + m.group(2)
    elif m := RE2_1A.search(w):
        w = m.group(1) + m.group(2)
    if m := RE_1B.search(w):
        if MGR0.search(m.group(1)):
            w = w[:-1]
    elif m := RE2_1B.search(w):
        if S_V.search(m.group(1)):
            w = m.group(1)
            if RE2_1B_2.search(w):
                w += "e"
            elif RE3_1B_2.search(w):
                w = w[:-1]
            elif RE4_1B_2.search(w):
                w += "e"
    if m := RE_1C.search(w):
        w = m.group(1) + "i"
    if (m := RE_2.search(w)) and MGR0.search(m.group(1)):
        w = m.group(1) + STEP2[m.group(2)]
    if (m := RE_3.search(w)) and MGR0.search(m.group(1)):
        w = m.group(1) + STEP3[m.group(2)]
    if m := RE_4.search(w):
        if MGR1.search(m.group(1)):
            w = m.group(1)
    elif m := RE2_4.search(w):
        if MGR1.search(m.group(1) + m.group(2)):
            w = m.group(1) + m.group(2)
    if m := RE_5.search(w):
        base = m.group(1)
        if MGR1.search(base) or (MEQ1.search(base) and not RE3_5.search(base)):
            w = base
    if RE_5_1.search(w) and MGR1.search(w):
        w = w[:-1]
    if firstch == "y":
        w = "y" + w[1:]
    return w
