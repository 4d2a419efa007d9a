"""axe-core on one page of every kind, narrow and wide, light and dark.

Fails on any violation axe rates serious or critical (contrast, names, labels, ...);
minor and moderate findings are left to review.
"""
import pytest

from .site_support import PAGE_KINDS

FAILING_IMPACTS = ("serious", "critical")


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(" >> ".join(part) if isinstance(part, list) else part for part in node["target"])
            lines.append(f"  - {target}")
            lines.append(f"      {node['html'][:160]}")
            for summary_line in (node.get("failureSummary") or "").splitlines():
                lines.append(f"      {summary_line.strip()}")
    return "\n".join(lines)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_serious_axe_violations(new_page, site_pages, axe_source, kind, width, color_scheme):
    # The site's Content-Security-Policy forbids inline scripts, as injecting axe needs.
    page = new_page(width=width, height=900, color_scheme=color_scheme, bypass_csp=True)
    page.goto(site_pages[kind])
    page.add_script_tag(path=str(axe_source))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    serious = [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not serious, (
        f"axe found serious problems on the {kind} page ({site_pages[kind]}) "
        f"at {width}px, {color_scheme} scheme:\n{describe(serious)}")
