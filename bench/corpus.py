"""A deterministic generator of op-ed-like texts for benchmarks.

Every text is made from a seeded ``random.Random``: no downloads, no data files, the
same seed gives the same text on every machine. A text is in briefkit's plain-text
format (paragraphs separated by blank lines) and has the shape of an op-ed: an
optional photo caption with a credit in parentheses, an author bio, 8–20 paragraphs
that mix the five argumentative moves (the author's claims, reported opposing claims,
rebuttals, evidence, background), and an optional "Read more:" trailer. A small share
of sentences names a case or gives a formal legal citation.

The texts are invented. They read like op-eds to the parser, not to a person: the
point is realistic sentence lengths, punctuation, abbreviations and argument markers.

    python -m bench.corpus --briefs 1000 --out /tmp/corpus-1000
    python bench/corpus.py --briefs 5000 --out /tmp/corpus-5000 --seed 7
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path
from typing import Callable, NamedTuple

# --- vocabulary ---------------------------------------------------------------------

FIRST_NAMES = (
    "Jane Maria David Aisha Luis Michelle Robert Mei Kwame Sofia Daniel Fatima Thomas Ana "
    "Samuel Priya José Elena Omar Grace Hiroshi Chloé Ahmed Rebecca Tomás Ngozi Pavel Leila"
).split()
LAST_NAMES = (
    "Doe Brané Hernández Okafor Nguyen Smith Jones Patel García Cohen Kowalski Rahman "
    "Johnson O’Brien Müller Kim Abebe Rossi Silva Haddad Walker Morales Chen Dubois "
    "Novak Mensah Castillo Lindqvist"
).split()
OFFICIAL_TITLES = (
    "Attorney General {last}", "Secretary {last}", "Gov. {first} {last}", "Sen. {first} {last}",
    "Rep. {last}", "Commissioner {last}", "the homeland security secretary", "the president",
    "the mayor", "Acting Director {first} {last}", "Judge {last}",
)
AGENCIES = (
    "the Department of Homeland Security", "U.S. Citizenship and Immigration Services",
    "the Justice Department", "the Government Accountability Office",
    "the Office of Refugee Resettlement", "the Department of Health and Human Services",
    "the Congressional Budget Office", "the U.N. Refugee Agency", "the Board of Immigration Appeals",
    "the Census Bureau", "the Bureau of Labor Statistics", "the Department of Labor",
    "the Environmental Protection Agency", "the Federal Emergency Management Agency",
    "the Department of Education", "Immigration and Customs Enforcement",
)
RESEARCH_SOURCES = (
    "the Migration Policy Institute", "the Pew Research Center", "Human Rights Watch",
    "the American Immigration Council", "the Urban Institute", "the Cato Institute",
    "the Transactional Records Access Clearinghouse", "the Kaiser Family Foundation",
    "the Government Accountability Office", "the Congressional Budget Office",
    "the Women’s Refugee Commission", "the National Academies of Sciences",
)
UNIVERSITIES = (
    "Stanford University", "the University of Texas at Austin", "Georgetown Law",
    "Syracuse University", "the University of Chicago", "Columbia University",
    "the University of Michigan", "Rice University", "the University of California, Davis",
)
POLICIES = (
    "the Affordable Care Act", "Temporary Protected Status", "Executive Order 13769",
    "the Deferred Action for Childhood Arrivals program", "DACA", "TPS", "the Flores settlement",
    "the Migrant Protection Protocols", "the public charge rule", "the Refugee Act of 1980",
    "the Clean Air Act", "the Voting Rights Act", "the Violence Against Women Act",
    "the Trafficking Victims Protection Reauthorization Act", "family separation at the border",
    "the zero-tolerance policy", "Title 42", "the Immigration and Nationality Act",
    "Section 8 housing vouchers", "Matter of A-B-", "the Child Tax Credit",
)
CASES = (
    "Smith v. Jones", "Plyler v. Doe", "Trump v. Hawaii", "Flores v. Reno",
    "DHS v. Regents of the University of California", "Matter of A-R-C-G-", "Matter of A-B-",
    "INS v. Cardoza-Fonseca", "Zadvydas v. Davis",
)
CITATIONS = (
    "8 U.S.C. § 1158", "27 I&N Dec. 316 (A.G. 2018)", "8 U.S.C. § 1254a", "42 U.S.C. § 18001",
    "26 I&N Dec. 388 (BIA 2014)", "8 C.F.R. § 208.13", "585 U.S. 667 (2018)", "457 U.S. 202 (1982)",
    "480 U.S. 421 (1987)", "8 U.S.C. § 1231(b)(3)",
)
GROUPS = (
    "asylum-seekers", "refugees", "low-income families", "immigrant children", "farmworkers",
    "tenants", "small businesses", "rural hospitals", "students", "veterans",
    "survivors of domestic violence", "Haitian TPS holders", "Dreamers", "seasonal workers",
    "older Americans", "day laborers", "unaccompanied minors",
)
EVALUATIVE = ("cruel", "misguided", "reckless", "harmful", "unjust", "shameful", "callous", "destructive")
REMEDIES = (
    "restore the program", "fund the courts that hear these cases", "pass a permanent fix",
    "reverse the decision", "hold public hearings on the rule", "rescind the order",
    "require the agency to publish its data", "protect the people the law was meant to serve",
    "end the practice for good", "give applicants a fair hearing",
)
CONTENTIONS = (
    "{group} are exploiting the system", "the program encourages people to cross the border illegally",
    "the rule will save taxpayers money", "the courts have no role in these decisions",
    "most claims are fraudulent", "the old policy was impossible to enforce",
    "states can handle the problem on their own", "the change is needed to restore order",
    "{policy} has become a magnet for abuse", "private violence is not the government’s concern",
)
BENEFITS = (
    "protects national security", "restores the rule of law", "reduces the court backlog",
    "saves money in the long run", "keeps communities safe", "deters dangerous journeys",
)
COSTS = (
    "costs too much and delivers too little", "rewards people who broke the law",
    "puts an impossible burden on local schools", "invites endless litigation",
)
QUOTES = (
    "This policy is about enforcing the law", "We are restoring order at the border",
    "The system has been abused for far too long", "These changes will make our communities safer",
    "Nobody is above the law, and nobody is below it", "The old rules simply did not work",
)
FACTS = (
    "{group} must already meet rigorous legal standards",
    "most applicants appear at every one of their hearings",
    "the backlog grew fastest after the rule took effect",
    "border crossings rise and fall with conditions abroad, not with our laws",
    "{group} pay more in taxes than they receive in benefits",
    "the courts have reviewed such decisions for decades",
    "persecution is often hidden behind so-called private acts",
)
PROCESSES = (
    "the asylum system", "immigration court", "the refugee screening process",
    "public benefit programs", "the appeals process", "domestic violence", "the labor market",
)
OUTCOMES = (
    "waited more than a year for a decision", "had no lawyer at their hearing",
    "were eventually granted protection", "lost their jobs within six months",
    "were sent back to the countries they had fled", "dropped out of the program",
)
FINDINGS = (
    "{group} were no more likely to commit crimes than native-born citizens",
    "the rule cut enrollment by {pct} percent in two years",
    "applicants with lawyers were five times as likely to win their cases",
    "wait times doubled after the change",
)
HOLDINGS = (
    "the government must give applicants notice and a hearing",
    "states may not deny children a public education",
    "the agency failed to explain its change of course",
    "the statute protects anyone who arrives in the United States",
)
TOPICS = (
    "asylum claims", "border enforcement", "refugee admissions", "health coverage",
    "work permits", "detention conditions", "public housing", "voting rights", "clean air rules",
)
PURPOSES = (
    "protect people fleeing war and disaster", "give young immigrants a chance to work legally",
    "expand health coverage to millions", "keep families together during removal proceedings",
)
COUNTRIES = ("El Salvador", "Honduras", "Guatemala", "Haiti", "Venezuela", "Syria", "Eritrea", "Afghanistan")
OCCUPATIONS = ("nurse", "teacher", "mechanic", "farmworker", "student", "restaurant owner", "pastor")
MONTHS = ("January February March April May June July August September October November December").split()
CITIES = ("El Paso", "San Diego", "Chicago", "Miami", "Houston", "New York", "Tucson", "Newark")
CREDITS = ("Getty Images", "AP", "Reuters", "AFP/Getty Images", "Bloomberg", "EPA", "The Washington Post")
BIO_ROLES = (
    "is director of the {program} at {source}", "is a senior fellow at {source}",
    "is a professor of law at {university}", "is policy counsel at {source}",
    "is executive director of {source}", "is a former official at {agency}",
)
PROGRAMS = ("Migrant Rights and Justice Program", "Immigration Policy Program", "Health Equity Project",
            "Refugee Protection Program", "Center for Law and Policy")

# --- sentence templates, by the argumentative move they make -------------------------

CLAIMS = (
    "{policy} is a mistake, and Congress should {remedy}.",
    "This is a {evaluative} way to treat {group}.",
    "We cannot afford to turn our backs on {group}.",
    "{agency} must {remedy} before more {group} are harmed.",
    "Lawmakers have a duty to {remedy}, and they should do it now.",
    "I believe the country is better than this.",
    "Make no mistake: the attack on {policy} is part of a {evaluative} pattern.",
    "It is time to {remedy}.",
    "The real choice is between a system that works and one that fails {group}.",
    "Our laws should reflect our values, not our fears.",
    "Ending {policy} would be {evaluative}, and it would make no one safer.",
    "The administration needs to {remedy} and stop punishing {group}.",
    "There is a better path, and it starts when we {remedy}.",
    "Treating {group} as a threat is {evaluative} and wrong.",
)
COUNTERCLAIMS = (
    "{official} argues that {policy} {benefit}.",
    "Officials argue that {contention}.",
    "Supporters of {policy} insist that {contention}.",
    "The administration claims that {contention}.",
    "Critics of {policy} say it {cost}.",
    "“{quote},” {official} said in a statement.",
    "Some argue that {contention}.",
    "In a memo dated {month} {day}, {official} contended that {contention}.",
    "Defenders of the rule, including {official}, maintain that it {benefit}.",
    "{official} told reporters that {contention}.",
    "{official} has repeatedly claimed that {contention}.",
)
REBUTTALS = (
    "This argument ignores the fact that {fact}.",
    "That claim does not hold up.",
    "In fact, {fact}.",
    "But the evidence shows the opposite.",
    "They offer no evidence for this assumption.",
    "Nothing could be further from the truth.",
    "Such reasoning misrepresents how {process} actually works.",
    "This point reflects a fundamental misunderstanding of {process}.",
    "The reality is that {fact}.",
    "If that were true, the backlog would have shrunk years ago.",
    "That premise is simply false: {fact}.",
    "Yet this claim overlooks what {source} has documented for years.",
)
EVIDENCE = (
    "According to a {year} report by {source}, {pct} percent of {group} {outcome}.",
    "A {year} study by researchers at {university} found that {finding}.",
    "Data from {agency} show that {count} {group} {outcome} in {year}.",
    "For example, {first} {last}, a {occupation} from {country}, waited {small} months for a hearing.",
    "{source} estimated that the change would cost ${small} million over a decade.",
    "See {case}, {citation}.",
    "In {case}, the court held that {holding}.",
    "Under {citation}, roughly {pct} percent of applicants are granted relief, according to {source}.",
    "More than {count} people were affected by {policy} in {year}, according to {agency}.",
    "Research by {source} shows that {finding}.",
    "In one case documented by {source}, a {occupation} from {country} was detained for {small} weeks.",
)
BACKGROUND = (
    "In {year}, {agency} issued new guidance on {topic}.",
    "On {month} {day}, {official} signed an order on {topic}.",
    "The program was created in {year} to {purpose}.",
    "{official} took office in {year} and quickly moved to change {topic}.",
    "Last year, the department announced new rules for {process}.",
    "The case reached the Supreme Court in {year}.",
    "Congress passed {policy} in {year} with support from both parties.",
    "The decision came after years of litigation over {topic}.",
    "Earlier this month, {official} traveled to {city} to meet with local officials.",
    "In {month} {year}, a federal judge in {city} blocked parts of {policy}.",
    "The agency published its proposal in the Federal Register in {year}.",
)
CAPTIONS = (
    "A family waits outside the immigration court in {city} on {month} {day}.",
    "Protesters gather outside the Capitol in Washington on {month} {day}.",
    "Asylum-seekers line up at a shelter in {city} on {month} {day}.",
    "{official} speaks at a news conference in {city} on {month} {day}.",
)
RELATED = (
    "Here’s what Congress should do next on {topic}",
    "The hidden cost of {policy}",
    "Is {last} losing the fight over {topic}?",
    "What the courts got wrong about {topic}",
    "{first} {last}: The {evaluative} logic of {policy}",
)

# How a paragraph is built: each move is a list of (template kind, min, max) runs.
PARAGRAPH_MOVES = {
    "background": (("background", 2, 4), ("evidence", 0, 1)),
    "thesis": (("background", 1, 2), ("claim", 1, 2)),
    "claim": (("claim", 2, 4),),
    "debate": (("counterclaim", 1, 2), ("rebuttal", 1, 3), ("evidence", 0, 2)),
    "evidence": (("evidence", 2, 3), ("claim", 0, 1)),
}
MIDDLE_WEIGHTS = (("debate", 35), ("evidence", 25), ("claim", 20), ("background", 20))
TEMPLATES = {"claim": CLAIMS, "counterclaim": COUNTERCLAIMS, "rebuttal": REBUTTALS,
             "evidence": EVIDENCE, "background": BACKGROUND}

_FIELD = re.compile(r"\{(\w+)\}")


def _fields(rng: random.Random) -> dict[str, Callable[[], str]]:
    """What each ``{field}`` of a template is filled with."""
    pick = rng.choice

    def official() -> str:
        return pick(OFFICIAL_TITLES).format(first=pick(FIRST_NAMES), last=pick(LAST_NAMES))

    def case() -> str:
        if rng.random() < 0.3:
            return f"{pick(LAST_NAMES)} v. {pick(LAST_NAMES)}"
        return pick(CASES)

    fields: dict[str, Callable[[], str]] = {
        "first": lambda: pick(FIRST_NAMES),
        "last": lambda: pick(LAST_NAMES),
        "official": official,
        "agency": lambda: pick(AGENCIES),
        "source": lambda: pick(RESEARCH_SOURCES),
        "university": lambda: pick(UNIVERSITIES),
        "policy": lambda: pick(POLICIES),
        "case": case,
        "citation": lambda: pick(CITATIONS),
        "group": lambda: pick(GROUPS),
        "evaluative": lambda: pick(EVALUATIVE),
        "remedy": lambda: pick(REMEDIES),
        "benefit": lambda: pick(BENEFITS),
        "cost": lambda: pick(COSTS),
        "quote": lambda: pick(QUOTES),
        "process": lambda: pick(PROCESSES),
        "outcome": lambda: pick(OUTCOMES),
        "holding": lambda: pick(HOLDINGS),
        "topic": lambda: pick(TOPICS),
        "purpose": lambda: pick(PURPOSES),
        "country": lambda: pick(COUNTRIES),
        "occupation": lambda: pick(OCCUPATIONS),
        "month": lambda: pick(MONTHS),
        "city": lambda: pick(CITIES),
        "program": lambda: pick(PROGRAMS),
        "year": lambda: str(rng.randint(1980, 2023)),
        "day": lambda: str(rng.randint(1, 28)),
        "pct": lambda: str(rng.randint(3, 97)),
        "small": lambda: str(rng.randint(2, 40)),
        "count": lambda: f"{rng.randint(2, 950):,}" if rng.random() < 0.5 else f"{rng.randint(1, 99)},{rng.randint(0, 999):03d}",
    }
    # Nested templates: a contention or fact may itself name a group or a policy.
    for name, choices in (("contention", CONTENTIONS), ("fact", FACTS), ("finding", FINDINGS)):
        fields[name] = (lambda choices=choices: _fill(pick(choices), fields, capital=False))
    return fields


def _fill(template: str, fields: dict[str, Callable[[], str]], capital: bool = True) -> str:
    text = _FIELD.sub(lambda m: fields[m.group(1)](), template)
    if capital:
        # A sentence opens with a capital, after any opening quotation mark.
        text = re.sub(r"^([“\"]?)(\w)", lambda m: m.group(1) + m.group(2).upper(), text, count=1)
    return text


def _paragraph(rng: random.Random, fields: dict[str, Callable[[], str]], move: str,
               longer: float = 1.0) -> str:
    sentences = []
    for kind, low, high in PARAGRAPH_MOVES[move]:
        # Distinct templates within a paragraph: no sentence said twice in a row.
        for template in rng.sample(TEMPLATES[kind], round(rng.randint(low, high) * longer)):
            sentences.append(_fill(template, fields))
    return " ".join(sentences)


def _middle_move(rng: random.Random) -> str:
    moves, weights = zip(*MIDDLE_WEIGHTS)
    return rng.choices(moves, weights)[0]


class Shape(NamedTuple):
    """How long a generated brief is."""

    paragraphs: tuple[int, int] = (8, 20)  # the body's paragraph count: (fewest, most)
    longer: float = 1.0  # times as many sentences in each run of one move


def brief_paragraphs(seed: int, shape: Shape = Shape()) -> list[str]:
    """The paragraphs of one generated brief, front parts included, in order; the body
    has between ``shape.paragraphs[0]`` and ``shape.paragraphs[1]`` paragraphs (at least 2)."""
    rng = random.Random(seed)
    fields = _fields(rng)
    out = []
    if rng.random() < 0.6:
        photographer = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        out.append(f"{_fill(rng.choice(CAPTIONS), fields)} ({photographer}/{rng.choice(CREDITS)})")
    author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    out.append(f"{author} {_fill(rng.choice(BIO_ROLES), fields, capital=False)}.")
    count = max(2, rng.randint(*shape.paragraphs))
    moves = [rng.choice(("background", "thesis"))]
    moves += [_middle_move(rng) for _ in range(count - 2)]
    moves.append("claim")
    out += [_paragraph(rng, fields, move, shape.longer) for move in moves]
    if rng.random() < 0.5:
        out.append("Read more:")
        out += [_fill(rng.choice(RELATED), fields) for _ in range(rng.randint(2, 4))]
    return out


def generate_brief(seed: int, shape: Shape = Shape()) -> str:
    """One op-ed-like text; the same seed always gives the same text."""
    return "\n\n".join(brief_paragraphs(seed, shape)) + "\n"


def brief_seed(seed: int, index: int) -> int:
    """The seed of the ``index``-th brief of the corpus with seed ``seed``."""
    return seed * 1_000_003 + index


def generate_corpus(total_bytes: int, seed: int = 0) -> list[str]:
    """Briefs whose UTF-8 sizes add up to about ``total_bytes`` (over by less than one brief)."""
    texts: list[str] = []
    size = 0
    while size < total_bytes:
        text = generate_brief(brief_seed(seed, len(texts)))
        texts.append(text)
        size += len(text.encode("utf-8"))
    return texts


def generate_text(total_bytes: int, seed: int = 0) -> str:
    """One long text of at most ``total_bytes`` UTF-8 bytes (under by less than a paragraph):
    the paragraphs of consecutive briefs, front parts and all, run together."""
    paragraphs: list[str] = []
    size = 0
    index = 0
    while True:
        for paragraph in brief_paragraphs(brief_seed(seed, index)):
            cost = len(paragraph.encode("utf-8")) + (2 if paragraphs else 0)
            if size + cost + 1 > total_bytes:  # + 1 for the final newline
                return "\n\n".join(paragraphs) + "\n"
            paragraphs.append(paragraph)
            size += cost
        index += 1


def write_corpus(count: int, out: Path, seed: int = 0,
                 shape: Shape = Shape()) -> list[Path]:
    """Write ``count`` briefs as ``out/brief-0001.txt`` ... and return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    width = max(4, len(str(count)))
    paths = []
    for index in range(count):
        path = out / f"brief-{index + 1:0{width}d}.txt"
        path.write_text(generate_brief(brief_seed(seed, index), shape), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefs", type=int, required=True, help="how many briefs to write")
    parser.add_argument("--out", type=Path, required=True, help="folder to write brief-0001.txt ... into")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    args = parser.parse_args(argv)
    if args.briefs < 0:
        parser.error("--briefs must be zero or more")
    paths = write_corpus(args.briefs, args.out, args.seed)
    size = sum(path.stat().st_size for path in paths)
    print(f"wrote {len(paths)} briefs ({size / 1e6:.2f} MB) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
