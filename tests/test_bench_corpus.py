"""The benchmark corpus generator: deterministic, the requested size, op-ed-shaped.

No timing here: bench/bench_parse.py measures; these tests only check that what it
measures is stable and looks like an op-ed to the parser.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # ``bench`` is a folder of the repository, not an installed package
    sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from briefkit.load import load_registry  # noqa: E402
from briefkit.model import FRONT_KINDS, ROLES, BriefMeta, Source  # noqa: E402
from briefkit.parse import parse  # noqa: E402


def utf8_size(text: str) -> int:
    return len(text.encode("utf-8"))


def test_same_seed_gives_the_same_text():
    assert corpus.generate_brief(7) == corpus.generate_brief(7)
    assert corpus.generate_corpus(30_000, seed=3) == corpus.generate_corpus(30_000, seed=3)
    assert corpus.generate_text(30_000, seed=3) == corpus.generate_text(30_000, seed=3)


def test_different_seeds_give_different_texts():
    assert corpus.generate_brief(1) != corpus.generate_brief(2)
    assert corpus.generate_corpus(20_000, seed=0) != corpus.generate_corpus(20_000, seed=1)


@pytest.mark.parametrize("total", [1, 10_000, 100_000])
def test_corpus_adds_up_to_the_total_within_one_brief(total):
    sizes = [utf8_size(text) for text in corpus.generate_corpus(total, seed=5)]
    assert sum(sizes[:-1]) < total <= sum(sizes)


@pytest.mark.parametrize("total", [5_000, 50_000, 200_000])
def test_long_text_is_the_total_within_one_paragraph(total):
    text = corpus.generate_text(total, seed=2)
    assert total - 2_000 < utf8_size(text) <= total
    assert "\n\n" in text and not text.startswith("\n")


def test_a_brief_has_an_op_ed_shape():
    for seed in range(20):
        paragraphs = corpus.generate_brief(seed).rstrip("\n").split("\n\n")
        assert all(p.strip() == p and p for p in paragraphs)
        if paragraphs[0].endswith(")"):  # a caption with its photo credit
            paragraphs.pop(0)
        assert " is " in paragraphs.pop(0)  # the author bio
        if "Read more:" in paragraphs:
            paragraphs = paragraphs[:paragraphs.index("Read more:")]
        assert 8 <= len(paragraphs) <= 20
    texts = [corpus.generate_brief(seed) for seed in range(30)]
    assert any(text.startswith("Read more:") or "\n\nRead more:\n\n" in text for text in texts)
    assert sum("U.S.C. §" in text or "I&N Dec." in text for text in texts) >= 5


def test_written_corpus_is_the_generated_one(tmp_path):
    assert corpus.main(["--briefs", "3", "--out", str(tmp_path / "out"), "--seed", "4"]) == 0
    files = sorted((tmp_path / "out").iterdir())
    assert [f.name for f in files] == ["brief-0001.txt", "brief-0002.txt", "brief-0003.txt"]
    for index, path in enumerate(files):
        expected = corpus.generate_brief(corpus.brief_seed(4, index))
        assert path.read_text(encoding="utf-8") == expected


def test_parsed_corpus_has_every_role_and_front_part():
    registry, _ = load_registry(ROOT / "content" / "policies.yaml")
    roles, fronts, policies = set(), set(), 0
    for seed in range(6):
        source = Source(path=f"brief-{seed}.txt", text=corpus.generate_brief(seed), meta=BriefMeta(slug=f"b{seed}"))
        brief = parse(source, registry)
        roles.update(section.kind for section in brief.sections)
        fronts.update(part.kind for part in brief.front)
        policies += len(brief.policies)
    assert roles == set(ROLES)
    assert fronts == set(FRONT_KINDS) - {"headline"}  # the generator writes no headline
    assert policies > 0


def test_a_shape_sets_the_paragraph_count_and_lengthens_runs():
    """bench_build's ``op-ed`` shape: fewer paragraphs of longer runs of one move, so about
    15 sections of about 40 words a brief, as the issue's page count and the default op-ed."""
    shape = corpus.Shape(paragraphs=(5, 11), longer=1.6)
    registry, _ = load_registry(ROOT / "content" / "policies.yaml")
    sections, words = [], []
    for seed in range(40):
        body = corpus.brief_paragraphs(seed, shape)
        if body[0].endswith(")"):
            body.pop(0)
        body.pop(0)  # the author bio
        if "Read more:" in body:
            body = body[:body.index("Read more:")]
        assert 5 <= len(body) <= 11
        text = corpus.generate_brief(seed, shape)
        assert text == corpus.generate_brief(seed, shape) != corpus.generate_brief(seed)
        brief = parse(Source(path=f"b{seed}.txt", text=text, meta=BriefMeta(slug=f"b{seed}")), registry)
        sections.append(len(brief.sections))
        words.append(len(text.split()))
    assert 12 <= sum(sections) / len(sections) <= 18
    assert sum(words) / sum(sections) > 35  # the default shape's sections have about 28 words
