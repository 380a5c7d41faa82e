#!/usr/bin/python3
"""Renders a brief's HTML with headless Chromium to PDF and checks what a reader would see.

Checks (each prints its number; any failure exits 1):
  - the PDF is A4 and has pages;
  - its text (pdftotext) holds the title, the eight section headings, the headline count and every
    chart caption of brief.json, and no replacement characters;
  - it carries one image per chart of brief.json (pdfimages);
  - the title's characters are glyphs, not boxes: each character's cell, cut from a 200 dpi raster of
    page 1, has ink, and no two different characters look the same (a missing glyph is drawn as the
    same box for every character).
Usage: render_check.py BRIEF_DIR OUT_DIR
"""
import json
import re
import subprocess
import sys
from pathlib import Path


def run(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def read_pgm(path):
    data = Path(path).read_bytes()
    # P5 header: magic, width, height, maxval, each separated by whitespace
    parts = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(parts.group(1)), int(parts.group(2))
    return w, h, data[parts.end():]


def main():
    brief, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    side = json.loads((brief / "brief.json").read_text(encoding="utf-8"))
    pdf = out / "brief.pdf"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", (brief / "brief.html").as_uri()], check=True, capture_output=True)
    failures = []

    def check(ok, what):
        print(("ok    " if ok else "FAIL  ") + what)
        if not ok:
            failures.append(what)

    info = run("pdfinfo", str(pdf))
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    check(pages >= 2 and "(A4)" in info, f"PDF: {pages} A4 pages")

    text = run("pdftotext", "-layout", str(pdf), "-")
    flat = re.sub(r"\s+", "", text)
    wanted = [side["title"], "一、总体情况", "二、跨地点共性问题", "三、热点问题", "四、新出现和突发问题", "五、问题分类与区域分布",
              "六、超期件、黄红牌与单位办理情况", "七、上期关注问题跟踪", "八、数据质量",
              "本期共收到群众诉求{:,}件".format(side["headline"]["complaints"])]
    wanted += [c["caption"].replace("\u3000", "") for c in side.get("charts", [])]
    missing = [w for w in wanted if re.sub(r"\s+", "", w) not in flat]
    check(not missing, f"text: {len(wanted) - len(missing)}/{len(wanted)} expected strings found" + (f"; missing {missing}" if missing else ""))
    check("\ufffd" not in text and "□" not in text, "text: no replacement characters or boxes")

    images = [l for l in run("pdfimages", "-list", str(pdf)).splitlines()[2:] if l.strip()]
    check(len(images) == len(side.get("charts", [])), f"images: {len(images)} in the PDF, {len(side.get('charts', []))} charts in brief.json")

    # glyphs, not boxes: cut the title into character cells on a 200 dpi raster of page 1
    dpi = 200
    run("pdftoppm", "-gray", "-r", str(dpi), "-f", "1", "-l", "1", str(pdf), str(out / "page"))
    pgm = sorted(out.glob("page*.pgm"))[0]
    run("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(out / "page1"))
    w, h, px = read_pgm(pgm)
    bbox = run("pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-")
    m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">' + re.escape(side["title"]) + "</word>", bbox)
    check(m is not None, "title found as one word on page 1")
    if m:
        x0, y0, x1, y1 = (float(v) * dpi / 72 for v in m.groups())
        n = len(side["title"])
        cells = []
        for i in range(n):
            cx0, cx1 = int(x0 + (x1 - x0) * i / n), int(x0 + (x1 - x0) * (i + 1) / n)
            cell = bytes(1 if px[y * w + x] < 128 else 0 for y in range(int(y0), int(y1)) for x in range(cx0, cx1))
            cells.append((side["title"][i], cell))
        inked = [sum(c) / len(c) for _, c in cells]
        check(all(0.02 < r < 0.6 for r in inked), "title glyphs have ink: " + ", ".join(f"{ch}:{r:.2f}" for (ch, _), r in zip(cells, inked)))
        same = [(a[0], b[0]) for i, a in enumerate(cells) for b in cells[i + 1:] if a[0] != b[0] and a[1] == b[1]]
        check(not same, f"title glyphs: {n} characters, {len({c for _, c in cells})} distinct images" + (f"; identical: {same}" if same else ""))
    total_ink = sum(1 for b in px if b < 128) / len(px)
    check(0.01 < total_ink < 0.5, f"page 1 ink {total_ink:.3f} (not blank, not black)")
    print(f"render-check: {pdf} ({pages} pages), page 1 as {sorted(out.glob('page1*.png'))[0]}")
    if failures:
        print(f"render-check: {len(failures)} check(s) failed", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
