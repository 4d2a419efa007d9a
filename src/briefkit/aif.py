"""A brief's argument graph in AIF (the Argument Interchange Format, JSON flavour).

I-nodes are the sections that carry the argument (claims, counterclaims, rebuttals,
evidence); each rebuttal attacks the counterclaim it answers through a CA-node, and
each piece of evidence supports the nearest claim through an RA-node (the claim
before it, else the one after). Background is context, not argument, and is left out.
Ids and timestamps come from the content, so the file is the same on every build.
"""
from __future__ import annotations

from .model import Brief

ARGUMENT_ROLES = ("claim", "counterclaim", "rebuttal", "evidence")


def _nearest_claim(brief: Brief, index: int) -> str | None:
    before = [s for s in brief.sections[:index] if s.kind == "claim"]
    after = [s for s in brief.sections[index + 1:] if s.kind == "claim"]
    return before[-1].id if before else after[0].id if after else None


def to_aif(brief: Brief) -> dict:
    timestamp = f"{brief.source.meta.date} 00:00:00" if brief.source.meta.date else ""
    nodes, edges = [], []
    ids = {s.id for s in brief.sections if s.kind in ARGUMENT_ROLES}

    def node(node_id: str, text: str, kind: str, scheme: str | None = None) -> None:
        entry = {"nodeID": node_id, "text": text, "type": kind, "timestamp": timestamp}
        if scheme:
            entry["scheme"] = scheme
        nodes.append(entry)

    def edge(source: str, target: str) -> None:
        edges.append({"edgeID": f"e{len(edges) + 1}", "fromID": source, "toID": target, "formEdgeID": None})

    for section in brief.sections:
        if section.id in ids:
            node(section.id, " ".join(section.text.split()), "I")
    for index, section in enumerate(brief.sections):
        if section.kind == "rebuttal":
            for target in section.responds_to:
                if target in ids:
                    scheme_id = f"ca{sum(1 for n in nodes if n['type'] == 'CA') + 1}"
                    node(scheme_id, "Default Conflict", "CA", "Default Conflict")
                    edge(section.id, scheme_id)
                    edge(scheme_id, target)
        elif section.kind == "evidence":
            claim = _nearest_claim(brief, index)
            if claim:
                scheme_id = f"ra{sum(1 for n in nodes if n['type'] == 'RA') + 1}"
                node(scheme_id, "Default Inference", "RA", "Default Inference")
                edge(section.id, scheme_id)
                edge(scheme_id, claim)
    return {"nodes": nodes, "edges": edges, "locutions": [], "participants": []}
