"""Word lists: policy words and the kinds they name, and the words that make a
capitalised name an organisation, a sentence opener or a mere description."""
from __future__ import annotations

# Capitalised policy words and what a name ending in them is.
_HEAD_KIND = {
    **dict.fromkeys(("Act", "Acts", "Amendment", "Amendments", "Clause", "Bill", "Code",
                     "Statute", "Law", "Charter"), "statute"),
    **dict.fromkeys(("Rule", "Rules", "Regulation", "Regulations", "Directive"), "regulation"),
    **dict.fromkeys(("Program", "Programme", "Programs", "Initiative", "Status", "System",
                     "Plan", "Action", "Lottery", "Protocols", "Waiver", "Scheme", "Deal"),
                    "program"),
    **dict.fromkeys(("Policy", "Doctrine"), "practice"),
    **dict.fromkeys(("Convention", "Conventions", "Treaty", "Agreement", "Accord", "Accords",
                     "Protocol", "Covenant", "Pact", "Compact", "Declaration"), "treaty"),
    **dict.fromkeys(("Order", "Proclamation", "Memorandum", "Ban"), "agency-action"),
}
# What a short reference may point to ("the Act" -> a name ending in Act).
_HEAD_FAMILY = {"Act": "act", "Acts": "act", "Amendment": "amendment", "Order": "order",
                "Proclamation": "order", "Ban": "ban"}
# Heads after which an of-phrase is part of the name ("Convention against Torture").
_EXTENDING_HEADS = {"Convention", "Conventions", "Treaty", "Covenant", "Declaration",
                    "Protocol", "Action", "Charter", "Order"}
# Heads that need a particular modifier to name a policy.
_HEAD_NEEDS = {
    "Action": {"deferred", "affirmative", "executive"},
    "Order": {"executive", "presidential", "secretarial", "administrative"},
    "Memorandum": {"presidential", "policy", "executive"},
}
# A name made only of these words is a field of law or policy, not an instrument
# ("Immigration Law", "Foreign Policy", "Justice System").
_GENERIC = frozenset("""
    international immigration criminal civil federal state constitutional administrative
    common case family refugee human rights humanitarian islamic sharia martial natural
    canon tax environmental labor labour election corporate contract property public
    private military maritime space asylum customary american u.s. us english european
    foreign economic trade energy social fiscal monetary domestic national security health
    care education school justice legal judicial political electoral court prison banking
    financial solar highway party welfare new current old global world local city county
    marital reserve the of and
""".split())
_GENERIC_SENSITIVE_HEADS = {"Law", "Policy", "System", "Status", "Program", "Programs", "Plan",
                            "Code", "Rule", "Rules", "Regulations", "Scheme", "Initiative"}
_NOT_A_POLICY = {"declaration of independence", "rule of law", "bill of rights"}

# Words that make a capitalised name an organisation, a place or a publication.
_ORG = frozenset("""
    Agency Administration Association Authority Board Bureau Center Centre Coalition
    Commission Committee Council Court Department Division Foundation Fund Group Institute
    Institution League Ministry Network Office Organization Organisation Party Project
    Service Services Society School University College Union Alliance Corporation Company
    Inc Caucus Senate House Congress Assembly Parliament Tribunal Panel Team Unit Force
    Guard Patrol Police Army Navy Times Post Journal News Press Magazine Review Museum
    Library Bank Clinic Hospital Church Laboratory Lab Forum Watch Airport Station
    Campaign Conference Summit Report Paper Studies Affairs Movement Trust Industries
""".split())

_CONNECTORS = frozenset({"of", "for", "and", "on", "the", "to", "in", "against", "&", "de",
                         "la", "del", "von", "van"})
_PREPOSITIONS = frozenset({"of", "for", "on", "to", "in", "against"})
# Capitalised words that open a sentence or a phrase and are never part of a name.
_LEADING_STOP = frozenset("""
    The This That These Those A An In Under Since After Before With Without For From By At
    On Of To And But Or Although Though While When Whenever Where If Unless Because As
    Despite Unlike Like During Through Per Via Following Until Upon Whether Even Yet So
    Its Their Our His Her My Your Any Every No Each Such Another Some All Both Many Most
    Only Also Then Now Here There Why How What Which Who Whom Once Still Meanwhile Instead
    Indeed However Moreover Furthermore Thus Hence Today Yesterday Last Next See Cf
    Against Among Amid Between Within Toward Towards Into Onto Over Regarding
    Is Was Are Were Be Been Has Have Had Do Does Did Will Would Can Could Should Must May
    Might Not It He She They We You I
""".split())
_PERSON_TITLES = frozenset("""
    President Senator Sen Rep Representative Gov Governor Judge Secretary Attorney
    General Mr Mrs Ms Dr Chief Mayor Minister Commissioner Director Chairman Chair Speaker
    Leader Ambassador Officer Agent Professor Prof
""".split())

# Lowercase policy words that may follow a capitalised name ("the DACA program").
_LOWER_HEAD_KIND = {"program": "program", "programme": "program", "initiative": "program",
                    "policy": "practice", "process": "practice", "ban": "agency-action",
                    "rule": "regulation", "regulation": "regulation", "doctrine": "practice",
                    "plan": "program"}
# Lowercase words that cannot sit between a name and its policy word ('Switzerland had
# tariffs'): verbs, articles, pronouns, prepositions.
_TAIL_STOP = frozenset("""
    a an the this that these those its it their his her our my your is was are were be been
    being has have had do does did will would can could should must may might not no and or
    but if as at by from with without to into of for on in over under about after before
    than then so such which who whom whose what when where why how all any each every some
    many much more most less few other own same very also only just even still yet again
    made make makes says said say told called gave give gives took take takes new
""".split())
# Lowercase words that make "the X policy" a description, not the name of a practice.
_VAGUE_MODIFIERS = frozenset("""
    new old current existing same previous prior former proposed original total complete
    blanket outright permanent temporary partial nationwide federal global statewide
    government state administration official general overall entire whole other own
    latest recent final similar broader broad strict harsh tough cruel
    immigration foreign trade economic energy tax domestic security health education
    public social fiscal monetary border refugee asylum pilot key major main core big
    such this that these those its their his her our my your which what whose any every
    some no each one two first second last next
""".split())
_VAGUE_SUFFIXES = ("al", "ive", "ous", "ic", "ful", "able", "ible", "ent", "ant", "ary",
                   "less", "ish", "est", "er", "ly")


_VAGUE_ADJECTIVES = frozenset("""
    new old current existing same previous prior former proposed original total complete
    blanket outright permanent temporary partial nationwide federal global statewide
    latest recent final similar broader broad strict harsh tough cruel higher lower
""".split())


def _vague(word: str, head: str = "") -> bool:
    """Whether a modifier describes rather than names ('the new policy', 'immigration
    policy'); a ban or a tariff is named by what it targets ('the asylum ban')."""
    if head in ("ban", "tariffs"):
        return word in _VAGUE_ADJECTIVES or word.endswith(_VAGUE_SUFFIXES)
    return word in _VAGUE_MODIFIERS or word.endswith(_VAGUE_SUFFIXES)
