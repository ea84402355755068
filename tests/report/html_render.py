#!/usr/bin/env python3
"""Renders hardock's HTML report in real headless Chromium and checks what a reader gets.

For each container count N: bench/make-snapshot.py makes an engine snapshot of N containers,
`hardock audit --from SNAPSHOT` writes the report as HTML and as JSON, Chromium dumps the DOM it
built from the HTML and takes a screenshot. Checked: the DOM holds every section, the summary's
counts (findings by severity, could not check, checks run) are the JSON report's, every check
group carries the JSON's count for that check and lists no more than the cap, a cut list says
how to get the whole one; the file loads nothing (no script, no URL); the screenshot is a PNG of
the window's size that is not one flat colour.

Then the same snapshot is audited into a store of its own, after a waiver (its reason markup) was
accepted for one of its findings, and `hardock report` renders the stored run: its top-risks
section, as Chromium builds it, lists `hardock risk`'s top risks (the same count, the same top
score), the open total of the whole register, and the accepted risk with its owner, last day and
reason shown as text.

Usage: html_render.py HARDOCK WORKDIR N [N ...]
Exit 0 when every check holds, 1 with the failures listed otherwise.
"""

import collections
import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SECTIONS = ["summary", "scorecards", "trends", "risks", "drift", "waivers", "findings", "unchecked"]
WIDTH, HEIGHT = 1280, 1600
PER_CHECK = 200  # report.h kHtmlFindingsPerCheck


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("html_render: chromium is not installed (scripts/install-deps.sh installs it)")


def browser(args, workdir, timeout=300):
    profile = os.path.join(workdir, "chromium-profile")
    os.makedirs(profile, exist_ok=True)
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars",
               "--user-data-dir=" + profile] + args
    env = dict(os.environ, HOME=workdir)
    return subprocess.run(command, capture_output=True, timeout=timeout, env=env, check=False)


class Dom(html.parser.HTMLParser):
    """The parts of the dumped DOM the checks read."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = {}          # element id -> its text
        self.sections = []
        self.groups = []       # (data-check, data-count, rows listed, cut note seen)
        self.tags = collections.Counter()
        self.urls = []
        self._open_ids = []    # (id, depth)
        self._depth = 0
        self._in_group = None
        self._group_depth = 0
        self._in_tbody = False

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.handle_endtag(tag)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags[tag] += 1
        if tag not in self.VOID:
            self._depth += 1
        for name, value in attrs.items():
            value = value or ""
            if name in ("src", "href", "action", "srcset", "poster", "data") and \
                    not value.startswith("#"):
                self.urls.append((tag, name, value))
            if name == "style" and "url(" in value:
                self.urls.append((tag, name, value))
        if "id" in attrs:
            self._open_ids.append([attrs["id"], self._depth, ""])
        if tag == "section":
            self.sections.append(attrs.get("id"))
        if tag == "div" and "data-check" in attrs:
            self._in_group = [(attrs["data-check"], attrs.get("data-severity")),
                              int(attrs["data-count"]), 0, False, attrs.get("id", "")]
            self._group_depth = self._depth
            self.groups.append(self._in_group)
        if tag == "tbody":
            self._in_tbody = True
        if tag == "tr" and self._in_tbody and self._in_group is not None:
            self._in_group[2] += 1
        if tag == "p" and "cut" in (attrs.get("class") or "").split() and self._in_group:
            self._in_group[3] = True

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self._open_ids and self._open_ids[-1][1] >= self._depth:
            element_id, _, text = self._open_ids.pop()
            self.ids[element_id] = text
        self._depth -= 1
        if tag == "tbody":
            self._in_tbody = False
        if self._in_group is not None and self._depth < self._group_depth:
            self._in_group = None

    def handle_data(self, data):
        for entry in self._open_ids:
            entry[2] += data


def number(text):
    return int(text.replace(",", "").strip())


def png_size_and_flat(path):
    with open(path, "rb") as png:
        data = png.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None, None, None
    width, height = struct.unpack(">II", data[16:24])
    # A flat picture compresses to almost nothing; also look at the decoded pixels' variety.
    chunks, pos = [], 8
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        if kind == b"IDAT":
            chunks.append(data[pos + 8:pos + 8 + length])
        pos += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    distinct = len(set(raw[i:i + 3] for i in range(0, min(len(raw), 4_000_000), 3)))
    return width, height, distinct


def check_size(hardock, workdir, n, failures):
    def fail(message):
        failures.append(f"{n} containers: {message}")

    snapshot = os.path.join(workdir, f"snapshot-{n}.json")
    if not os.path.exists(snapshot):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "make-snapshot.py"), str(n),
                        snapshot], check=True)
    report = os.path.abspath(os.path.join(workdir, f"report-{n}.html"))
    report_json = os.path.join(workdir, f"report-{n}.json")
    for fmt, out in (("html", report), ("json", report_json)):
        done = subprocess.run([hardock, "audit", "--no-store", "--from", snapshot, "--format", fmt,
                               "-o", out],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            fail(f"audit --format {fmt} exited {done.returncode}: {done.stderr.strip()}")
            return
    with open(report_json, encoding="utf-8") as handle:
        expected = json.load(handle)
    with open(report, "rb") as handle:
        raw = handle.read()
    text = raw.decode("utf-8")  # raises on invalid UTF-8
    size_mb = len(raw) / 1e6
    if len(raw) > 5_000_000:
        fail(f"report is {size_mb:.1f} MB, over 5 MB")
    # Escaped text holds no '<': every tag is the writer's own. None may load or run anything
    # (check texts may mention a URL, as text).
    for tag in re.findall(r"<[^>]*>", text):
        low = tag.lower()
        for bad in ("<script", "<link", "<img", "<iframe", "<object", "<embed", " src=", "url(",
                    "://", "@import"):
            if bad in low:
                fail(f"tag {tag[:120]!r} holds {bad!r}")
                break
        else:
            continue
        break
    styles = re.findall(r"<style>(.*?)</style>", text, re.S)
    if len(styles) != 1:
        fail(f"{len(styles)} style elements, expected 1")
    elif any(bad in styles[0].lower() for bad in ("url(", "@import", "://")):
        fail("the stylesheet loads something")
    dom_path = os.path.join(workdir, f"dom-{n}.html")
    done = browser(["--dump-dom", "file://" + report], workdir)
    if done.returncode != 0 or not done.stdout:
        fail(f"chromium --dump-dom exited {done.returncode}: {done.stderr.decode()[-500:]}")
        return
    with open(dom_path, "wb") as handle:
        handle.write(done.stdout)
    dom = Dom()
    dom.feed(done.stdout.decode("utf-8"))
    if dom.tags["script"]:
        fail("the DOM holds a script element")
    if dom.urls:
        fail(f"the DOM loads URLs: {dom.urls[:3]}")
    if dom.sections[:len(SECTIONS)] != SECTIONS:
        fail(f"sections {dom.sections}, expected {SECTIONS} first")
    if dom.tags["svg"] < 1:
        fail("no chart")

    failing_groups = 0
    summary = expected["summary"]
    wanted = {"count-findings": summary["findings"], "count-unchecked": summary["could_not_check"],
              "count-checks": summary["checks_run"], "count-not-run": summary["checks_not_run"]}
    for severity, count in summary["by_severity"].items():
        wanted["count-" + severity] = count
    for element_id, count in wanted.items():
        shown = dom.ids.get(element_id)
        if shown is None:
            fail(f"no #{element_id} in the DOM")
        elif number(shown) != count:
            fail(f"#{element_id} shows {shown!r}, the JSON report says {count}")

    # Groups: one per (check, severity), carrying the JSON report's count; at most PER_CHECK
    # rows each, and the cut note exactly when rows were left out.
    for unchecked, kind, prefix in ((False, "failing", "check-"),
                                    (True, "could-not-check", "unchecked-")):
        expected_counts = collections.Counter(
            (f["check"], f["severity"]) for f in expected["findings"]
            if (f["status"] != "fail") == unchecked)
        groups = [g for g in dom.groups if g[4].startswith(prefix)]
        shown = collections.Counter()
        for key, count, rows, cut, _ in groups:
            shown[key] += count
            if rows != min(count, PER_CHECK):
                fail(f"{key}: {rows} rows listed of {count}, expected {min(count, PER_CHECK)}")
            if (count > PER_CHECK) != cut:
                fail(f"{key}: {count} findings, cut note {'present' if cut else 'absent'}")
        if shown != expected_counts:
            fail(f"{kind} groups' counts differ from the JSON report's: "
                 f"{sorted((shown - expected_counts).items())[:3]} / "
                 f"{sorted((expected_counts - shown).items())[:3]}")
        if len(groups) != len(expected_counts):
            fail(f"{len(groups)} {kind} groups for {len(expected_counts)} (check, severity) pairs")
        if not unchecked:
            failing_groups = len(groups)

    shot = os.path.abspath(os.path.join(workdir, f"screenshot-{n}.png"))
    if os.path.exists(shot):
        os.remove(shot)
    done = browser([f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}",
                    "file://" + report], workdir)
    if done.returncode != 0 or not os.path.exists(shot):
        fail(f"chromium --screenshot exited {done.returncode}: {done.stderr.decode()[-500:]}")
        return
    width, height, distinct = png_size_and_flat(shot)
    if width is None:
        fail("the screenshot is not a PNG")
    elif (width, height) != (WIDTH, HEIGHT):
        fail(f"the screenshot is {width}x{height}, expected {WIDTH}x{HEIGHT}")
    elif distinct < 16:
        fail(f"the screenshot has {distinct} colours: nothing was drawn")
    print(f"html_render: {n} containers: {size_mb:.2f} MB, {summary['findings']} findings in "
          f"{failing_groups} groups, DOM and {width}x{height} screenshot checked")


class RiskTables(html.parser.HTMLParser):
    """The risks section's tables as Chromium built them: {table id: [[cell text, ...], ...]}."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables = {}
        self._rows = None    # the rows of the risks table open, if any
        self._cells = None   # the cells of the body row open, if any
        self._in_tbody = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and (attrs.get("id") or "").startswith("risks-"):
            self._rows = self.tables.setdefault(attrs["id"], [])
        elif tag == "tbody":
            self._in_tbody = True
        elif tag == "tr" and self._rows is not None and self._in_tbody:
            self._cells = []
        elif tag == "td" and self._cells is not None:
            self._cells.append("")

    def handle_endtag(self, tag):
        if tag == "table":
            self._rows = None
        elif tag == "tbody":
            self._in_tbody = False
        elif tag == "tr" and self._cells is not None:
            self._rows.append(self._cells)
            self._cells = None

    def handle_data(self, data):
        if self._cells:
            self._cells[-1] += data


def check_store_report(hardock, workdir, n, failures):
    def fail(message):
        failures.append(f"{n} containers, stored: {message}")

    snapshot = os.path.join(workdir, f"snapshot-{n}.json")
    with open(os.path.join(workdir, f"report-{n}.json"), encoding="utf-8") as handle:
        live = json.load(handle)
    # A failing, not critical finding on a container: accepted with a reason made of markup.
    waived = next((f for f in live["findings"] if f["status"] == "fail" and
                   f["severity"] != "critical" and f["target"]["kind"] == "container"), None)
    if waived is None:
        fail("no failing finding on a container to accept")
        return
    store_dir = os.path.join(workdir, f"store-{n}")
    shutil.rmtree(store_dir, ignore_errors=True)
    os.makedirs(store_dir)
    env = dict(os.environ, HARDOCK_STORE=os.path.join(store_dir, "hardock.db"))
    reason = "<script>alert(1)</script> & \"kept\""

    def hardock_run(*args):
        done = subprocess.run([hardock, *args], capture_output=True, text=True, env=env,
                              cwd=store_dir, check=False)
        if done.returncode != 0:
            fail(f"hardock {' '.join(args[:2])} exited {done.returncode}: {done.stderr.strip()}")
        return done

    if hardock_run("accept", waived["check"], "--target", waived["target"]["name"], "--reason",
                   reason, "--owner", "ops<b>", "--until", "2099-12-31").returncode != 0:
        return
    if hardock_run("audit", "--from", snapshot, "--format", "json", "-o",
                   os.path.join(store_dir, "audit.json")).returncode != 0:
        return
    top = hardock_run("risk", "--format", "json", "--top", "10")
    whole = hardock_run("risk", "--format", "json", "--top", "0")
    report = os.path.join(store_dir, "report.html")
    if top.returncode or whole.returncode or \
            hardock_run("report", "-o", report).returncode != 0:
        return
    top, whole = json.loads(top.stdout), json.loads(whole.stdout)
    done = browser(["--dump-dom", "file://" + report], workdir)
    if done.returncode != 0 or not done.stdout:
        fail(f"chromium --dump-dom exited {done.returncode}: {done.stderr.decode()[-500:]}")
        return
    dom_text = done.stdout.decode("utf-8")
    dom = Dom()
    dom.feed(dom_text)
    if dom.tags["script"]:
        fail("the DOM holds a script element")
    if dom.sections[:len(SECTIONS)] != SECTIONS:
        fail(f"sections {dom.sections}, expected {SECTIONS} first")
    parser = RiskTables()
    parser.feed(dom_text)
    tables = parser.tables
    shown_total = dom.ids.get("risk-total")
    if shown_total is None or abs(float(shown_total) - whole["open_total"]) > 0.051:
        fail(f"#risk-total shows {shown_total!r}, hardock risk says {whole['open_total']}")
    if number(dom.ids.get("risk-open", "-1")) != len(whole["risks"]):
        fail(f"#risk-open shows {dom.ids.get('risk-open')!r}, hardock risk lists "
             f"{len(whole['risks'])} open risks")
    rows = tables.get("risks-open", [])
    if len(rows) != len(top["risks"]):
        fail(f"{len(rows)} open risks listed, hardock risk --top 10 lists {len(top['risks'])}")
    elif rows and float(rows[0][1]) != top["risks"][0]["score"]:
        fail(f"the first risk listed is {rows[0]!r}, hardock risk's scores "
             f"{top['risks'][0]['score']}")
    accepted = tables.get("risks-accepted", [])
    if len(accepted) != len(top["accepted"]) or len(accepted) != 1:
        fail(f"{len(accepted)} accepted risks listed, hardock risk lists {len(top['accepted'])}")
    else:
        cells = accepted[0]
        expected_waiver = f"accepted by ops<b> until 2099-12-31: {reason}"
        if cells[-1] != expected_waiver or cells[3] != waived["check"] or \
                cells[4] != waived["target"]["name"]:
            fail(f"the accepted risk reads {cells!r}, expected {waived['check']} on "
                 f"{waived['target']['name']} with {expected_waiver!r}")
    print(f"html_render: {n} containers, stored: {len(rows)} top risks of "
          f"{len(whole['risks'])} open, total {shown_total}, 1 accepted: DOM checked")


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    hardock, workdir = sys.argv[1], sys.argv[2]
    os.makedirs(workdir, exist_ok=True)
    failures = []
    for n in sys.argv[3:]:
        before = len(failures)
        check_size(hardock, workdir, int(n), failures)
        if len(failures) == before:
            check_store_report(hardock, workdir, int(n), failures)
    for failure in failures:
        print("html_render: FAIL: " + failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
