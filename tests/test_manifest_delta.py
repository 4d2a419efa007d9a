"""A generation's manifest lists how it differs from a base listing written once: an edit
must not cost a line per file of the site. Whatever is written, a new process must read
back exactly the manifest the writer holds, or not trust it at all."""
from __future__ import annotations

import os

from briefkit.write import OutputFile, SiteWriter


def site(count: int, changed: dict[int, bytes] | None = None, dropped: set[int] = frozenset()) -> list[OutputFile]:
    changed = changed or {}
    return [OutputFile(f"p/{n}/index.html", changed.get(n, b"page %d" % n), f"k{n}")
            for n in range(count) if n not in dropped]


def manifest_files(writer: SiteWriter) -> dict[str, list[str]]:
    """Each manifest and base file: its lines."""
    return {path.name: path.read_text(encoding="utf-8").splitlines()
            for path in sorted(writer.manifests.iterdir()) if path.suffix == ".tsv"}


def read_back(out) -> dict:
    """What a new process reads of both generations."""
    fresh = SiteWriter(out)
    return {"live": fresh.current(), "spare": (fresh._manifest(fresh.spare) or (None, None))[1]}


def test_an_edit_writes_a_few_lines_and_a_new_process_reads_the_same_manifest(tmp_path):
    out = tmp_path / "site"
    writer = SiteWriter(out)
    writer.write(site(400))
    bases = [name for name in manifest_files(writer) if name.startswith("base-")]
    assert len(bases) == 1 and len(manifest_files(writer)[bases[0]]) == 401

    writer.write(site(400, {7: b"edited"}, dropped={9}) + [OutputFile("new.html", b"new")])
    listed = manifest_files(writer)
    live = listed[f"{writer._token(out)}.tsv"]
    assert live[1] == f"base {bases[0][5:-4]}"
    # the edited page, the new one, the dropped one: nothing else
    assert sorted(line.split("\t")[0] for line in live[2:]) == ["new.html", "p/7/index.html", "p/9/index.html"]
    assert [line for line in live[2:] if line.startswith("p/9/")] == ["p/9/index.html\t-"]
    back = read_back(out)
    assert back["live"] == writer.current()
    assert "p/9/index.html" not in back["live"] and back["live"]["new.html"][1] is None
    assert back["spare"] is not None and "p/9/index.html" in back["spare"]
    for path, (_, _, inode) in back["live"].items():
        assert os.stat(out / path).st_ino == inode

    # the same writer and a new one, edit after edit: still one base, read back alike
    for round_ in range(3):
        writer = SiteWriter(out) if round_ == 1 else writer
        writer.write(site(400, {7: b"edited %d" % round_, 20 + round_: b"x"}, dropped={9}))
        assert read_back(out)["live"] == writer.current()
        assert len([n for n in manifest_files(writer) if n.startswith("base-")]) == 1


def test_a_large_change_writes_a_new_base_and_the_old_one_goes_once_unused(tmp_path):
    out = tmp_path / "site"
    writer = SiteWriter(out)
    writer.write(site(100))
    first = {n for n in manifest_files(writer) if n.startswith("base-")}
    writer.write(site(100, {n: b"all new" for n in range(100)}))  # a template edit: every page
    bases = {n for n in manifest_files(writer) if n.startswith("base-")}
    assert len(bases) == 2  # the spare (the first generation) still lists its differences from the first
    assert len(manifest_files(writer)[f"{writer._token(out)}.tsv"]) == 2  # header and base line only
    writer.write(site(100, {n: b"all new again" for n in range(100)}))
    now = {n for n in manifest_files(writer) if n.startswith("base-")}
    assert not now & first and len(now) == 2
    assert read_back(out)["live"] == writer.current()


def test_a_manifest_whose_base_is_gone_is_not_trusted_and_the_next_build_is_whole(tmp_path):
    out = tmp_path / "site"
    SiteWriter(out).write(site(50))
    SiteWriter(out).write(site(50, {3: b"edited"}))
    writer = SiteWriter(out)
    for path in writer.manifests.glob("base-*.tsv"):
        path.unlink()
    assert writer.current() is None and SiteWriter(out)._manifest(writer.spare) is None
    writer.write(site(50, {3: b"edited again"}))
    assert (out / "p/3/index.html").read_bytes() == b"edited again"
    assert read_back(out)["live"] == writer.current()
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != ".briefkit-site") \
        == sorted(f.path for f in site(50))


def test_a_base_cut_short_is_not_trusted(tmp_path):
    out = tmp_path / "site"
    SiteWriter(out).write(site(50))
    writer = SiteWriter(out)
    (base,) = writer.manifests.glob("base-*.tsv")
    base.write_text(base.read_text(encoding="utf-8")[:-30], encoding="utf-8")
    assert SiteWriter(out).current() is None
