"""Front parts by their shape: headline, caption, byline, related links."""
import pytest

from briefkit.parse.front import find_front
from briefkit.parse.text import paragraphs

BODY = "The council voted on Tuesday. Residents were not told in advance."


def front_of(text):
    parts, body = find_front(text, paragraphs(text))
    return [(p.kind, p.text) for p in parts], [text[b.start:b.end] for b in body]


@pytest.mark.parametrize("lead, kind", [
    ("Protesters gather outside city hall on March 3. (Ana Ruiz/Reuters)", "caption"),
    ("A flooded street in the lower ward. (AP Photo/Sam Lee)", "caption"),
    ("Photo: A clinic waiting room in Tucson.", "caption"),
    ("By Dana Whitfield and Omar Haddad", "byline"),
    ("Priya Natarajan is a senior fellow at the Center for Housing Policy.", "byline"),
    ("Jane Abebe is a former official at U.S. Citizenship and Immigration Services.", "byline"),
    ("Why the Harbor Plan Fails the People Who Live There", "headline"),
    ("# The case against the curfew", "headline"),
])
def test_leading_front_parts(lead, kind):
    parts, body = front_of(f"{lead}\n\n{BODY}")
    assert parts == [(kind, lead)]
    assert body == [BODY]


def test_trailing_bio_and_related_links():
    text = (f"{BODY}\n\nTom Brandt is an attorney and the author of two books on zoning law.\n\n"
            "Read more:\n\nThe hidden cost of parking\n\nIs the suburb dead?")
    parts, body = front_of(text)
    assert [k for k, _ in parts] == ["byline", "related", "related", "related"]
    assert body == [BODY]


@pytest.mark.parametrize("bio", [
    "— Omar Haddad is a staff attorney at the Tenants Union.",
    "Dana Whitfield is a senior fellow at the Urban Institute. Follow her on Bluesky @dana.",
])
def test_trailing_bio_shapes(bio):
    parts, body = front_of(f"{BODY}\n\n{bio}")
    assert parts == [("byline", bio)] and body == [BODY]


def test_a_follow_line_alone_is_not_a_bio():
    parts, _ = front_of(f"{BODY}\n\nFollow the money and you will see it.")
    assert parts == []


def test_a_body_paragraph_is_not_front():
    text = f"Rents in the city rose again this year, and tenants are paying for it.\n\n{BODY}"
    parts, body = front_of(text)
    assert parts == []
    assert len(body) == 2


def test_never_everything_front():
    parts, body = front_of("By Dana Whitfield")
    assert body == ["By Dana Whitfield"] and parts == []
