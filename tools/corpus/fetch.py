#!/usr/bin/env python3
"""Copy each corpus article's raw page into tests/data/corpus/<name>/ and record
where it came from in tests/data/corpus/manifest.json.

Sources (see sources.json, "origin"):
* "readability": a test page of Mozilla's Readability (Apache-2.0 repository;
  the pages are real web pages saved by its authors). Needs a checkout of
  github.com/mozilla/readability, given as --readability DIR (a bare git dir is
  fine: files are read with `git show`). Readability's own extraction of the page
  (expected.html) is kept beside it as readability-expected.html: build.py uses it
  to find the article's container.
* "deb": an HTML page shipped in a Debian package. Needs the package unpacked
  (`apt-get download PKG && dpkg-deb -x PKG.deb DIR/PKG`), given as --debs DIR.

The copies are committed, so this runs once per new article, not in CI.

Usage: python3 tools/corpus/fetch.py --readability DIR --debs DIR [NAME...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parents[1] / "tests" / "data" / "corpus"


def git_show(repo: Path, path: str) -> bytes:
    return subprocess.run(
        ["git", "-C", str(repo), "show", f"HEAD:{path}"], check=True, capture_output=True
    ).stdout


def git_head(repo: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--readability", type=Path)
    ap.add_argument("--debs", type=Path)
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    cfgs = json.loads((HERE / "sources.json").read_text())["articles"]
    manifest_path = OUT / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    for cfg in cfgs:
        name = cfg["name"]
        if args.names and name not in args.names:
            continue
        origin = cfg["origin"]
        folder = OUT / name
        folder.mkdir(parents=True, exist_ok=True)
        if origin["kind"] == "readability":
            page = f"test/test-pages/{origin['page']}"
            (folder / "source.html").write_bytes(git_show(args.readability, f"{page}/source.html"))
            (folder / "readability-expected.html").write_bytes(
                git_show(args.readability, f"{page}/expected.html")
            )
            where = {
                "repository": "github.com/mozilla/readability",
                "commit": git_head(args.readability),
                "path": f"{page}/source.html",
                "licence": "repository Apache-2.0; page text (c) its publisher, kept as test data as upstream does",
            }
        elif origin["kind"] == "deb":
            src = args.debs / origin["package"] / origin["path"].lstrip("/")
            (folder / "source.html").write_bytes(src.read_bytes())
            where = {
                "debian_package": origin["package"],
                "version": origin["version"],
                "path": origin["path"],
                "licence": origin["licence"],
            }
        else:
            raise SystemExit(f"{name}: unknown origin {origin['kind']}")
        entry = manifest.get(name, {})
        entry["source"] = where
        entry.setdefault("checked", cfg.get("checked", ""))
        if cfg.get("checked"):
            entry["checked"] = cfg["checked"]
        manifest[name] = entry
        print(f"{name}: {where.get('path')}")
    manifest_path.write_text(json.dumps(dict(sorted(manifest.items())), indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
