"""Each brief's argument graph (AIF) loads in arguebuf with the expected nodes and edges."""
import json

import arguebuf
import pytest

from site_check import BRIEF, build, run


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = build(tmp_path_factory.mktemp("aif") / "site")
    contract = json.loads(run("extract", "content/briefs/sessions-asylum-ruling.txt").stdout)
    return site, contract


def test_aif_loads_in_arguebuf_with_the_right_nodes(built):
    site, contract = built
    graph = arguebuf.load.file(site / BRIEF / "argument.aif.json")
    sections = contract["sections"]
    arguing = [s for s in sections if s["kind"] in ("claim", "counterclaim", "rebuttal", "evidence")]
    links = sum(len(s["responds_to"]) for s in sections if s["kind"] == "rebuttal")
    evidence = sum(1 for s in sections if s["kind"] == "evidence")
    assert len(graph.atom_nodes) == len(arguing)
    attacks = [n for n in graph.scheme_nodes.values() if isinstance(n.scheme, arguebuf.Attack)]
    supports = [n for n in graph.scheme_nodes.values() if isinstance(n.scheme, arguebuf.Support)]
    assert len(attacks) == links and len(supports) == evidence
    assert len(graph.edges) == 2 * (links + evidence)
    for section in sections:
        for target in section["responds_to"]:  # rebuttal -> CA -> counterclaim
            (scheme,) = [e.target for e in graph.edges.values()
                         if e.source.id == section["id"] and any(
                             o.source.id == e.target.id and o.target.id == target for o in graph.edges.values())]
            assert isinstance(graph.scheme_nodes[scheme.id].scheme, arguebuf.Attack)


def test_evidence_supports_the_nearest_claim(built):
    site, contract = built
    data = json.loads((site / BRIEF / "argument.aif.json").read_text(encoding="utf-8"))
    kinds = {s["id"]: s["kind"] for s in contract["sections"]}
    for node in (n for n in data["nodes"] if n["type"] == "RA"):
        (source,) = [e["fromID"] for e in data["edges"] if e["toID"] == node["nodeID"]]
        (target,) = [e["toID"] for e in data["edges"] if e["fromID"] == node["nodeID"]]
        assert kinds[source] == "evidence" and kinds[target] == "claim"
    assert all(n["timestamp"] == "2018-06-13 00:00:00" for n in data["nodes"])
