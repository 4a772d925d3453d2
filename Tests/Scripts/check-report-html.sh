#!/usr/bin/env bash
# Checks that a dry-run report page (`promo dryrun --format html`, DryRunReport.html()) renders:
# it opens the page in headless Chromium, takes a screenshot and dumps the rendered DOM, then
# checks that
#   - both charts are there as SVG with as many bars as the page says (`data-bars`), and as
#     many as asked with --days / --top;
#   - the tables have as many rows as the page says (`data-rows`), and as asked with
#     --promos / --stores;
#   - the page loads nothing from outside and runs no script;
#   - the screenshot is not blank, and the bars' colour shows in it.
# Exits 0 when all holds, else 1 with what failed (2 for a wrong call or a missing tool).
#
# Usage: Tests/Scripts/check-report-html.sh REPORT.html [--days N] [--top N] [--promos N]
#        [--stores N] [--keep DIR]
#   --keep DIR   leave the screenshot (page.png) and the DOM (dom.html) in DIR
# Needs chromium (Debian: apt-get install -y chromium) and python3 (standard library only).
set -euo pipefail

usage() { echo "usage: $0 REPORT.html [--days N] [--top N] [--promos N] [--stores N] [--keep DIR]" >&2; exit 2; }
[ $# -ge 1 ] || usage
page=$1; shift
days="" top="" promos="" stores="" keep=""
while [ $# -gt 0 ]; do
    case $1 in
        --days) days=${2:?}; shift 2 ;;
        --top) top=${2:?}; shift 2 ;;
        --promos) promos=${2:?}; shift 2 ;;
        --stores) stores=${2:?}; shift 2 ;;
        --keep) keep=${2:?}; shift 2 ;;
        *) usage ;;
    esac
done
[ -f "$page" ] || { echo "check-report-html: $page: no such file" >&2; exit 2; }

browser=""
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
[ -n "$browser" ] || { echo "check-report-html: no chromium found; install it with: apt-get install -y chromium" >&2; exit 2; }
command -v python3 >/dev/null 2>&1 || { echo "check-report-html: python3 is needed" >&2; exit 2; }

if [ -n "$keep" ]; then
    mkdir -p "$keep"; work=$(cd "$keep" && pwd)
else
    work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fi
url="file://$(cd "$(dirname "$page")" && pwd)/$(basename "$page")"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions
       --user-data-dir="$work/profile" --window-size=1280,2000)

if ! "$browser" "${flags[@]}" --screenshot="$work/page.png" "$url" >"$work/shot.log" 2>&1 || [ ! -s "$work/page.png" ]; then
    echo "check-report-html: $browser could not take a screenshot of $page:" >&2; tail -5 "$work/shot.log" >&2; exit 1
fi
if ! "$browser" "${flags[@]}" --dump-dom "$url" >"$work/dom.html" 2>"$work/dom.log" || [ ! -s "$work/dom.html" ]; then
    echo "check-report-html: $browser could not dump the DOM of $page:" >&2; tail -5 "$work/dom.log" >&2; exit 1
fi

python3 - "$page" "$work/dom.html" "$work/page.png" "$days" "$top" "$promos" "$stores" <<'PY'
import struct, sys, zlib
from html.parser import HTMLParser

page, dom_file, png_file, want_days, want_top, want_promos, want_stores = sys.argv[1:8]
problems = []

class Dom(HTMLParser):
    """Counts, per element id of interest, the bars and rows inside it."""
    watched = {"chart-discount-by-day": ("rect", "bar"), "chart-top-promos": ("rect", "bar"),
               "promos": ("tr", "promo-row"), "stores": ("tr", "store-row"),
               "baseline-difference": ("tr", "difference-row")}

    def __init__(self):
        super().__init__()
        self.stack = []          # (tag, id being counted or None)
        self.counts = {}
        self.declared = {}
        self.tags = {}
        self.external = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        inside = self.stack[-1][1] if self.stack else None
        if a.get("id") in self.watched:
            inside = a["id"]
            self.tags[inside] = tag
            self.counts.setdefault(inside, 0)
            self.declared[inside] = a.get("data-bars", a.get("data-rows"))
        if inside:
            want_tag, want_class = self.watched[inside]
            if tag == want_tag and want_class in (a.get("class") or "").split():
                self.counts[inside] += 1
        if tag == "script":
            self.scripts += 1
        for name in ("src", "href"):
            v = a.get(name) or ""
            if v and not v.startswith("#") and not v.startswith("data:"):
                self.external.append(f"<{tag} {name}=\"{v}\">")
        if tag == "link":
            self.external.append("<link>")
        if tag not in ("meta", "br", "hr", "img", "input", "link", "line", "rect", "polyline", "path", "circle"):
            self.stack.append((tag, inside))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0] == tag:
                del self.stack[k:]
                break

dom = Dom()
with open(dom_file, encoding="utf-8") as f:
    dom.feed(f.read())

def check(element_id, kind, wanted, required=True):
    if element_id not in dom.counts:
        if required:
            problems.append(f"the page has no element with id {element_id}")
        return None
    n = dom.counts[element_id]
    declared = dom.declared.get(element_id)
    if declared is None or not declared.isdigit():
        problems.append(f"#{element_id} does not state its number of {kind}")
    elif int(declared) != n:
        problems.append(f"#{element_id} rendered {n} {kind}, the page states {declared}")
    if wanted and int(wanted) != n:
        problems.append(f"#{element_id} rendered {n} {kind}, expected {wanted}")
    return n

for chart in ("chart-discount-by-day", "chart-top-promos"):
    if chart in dom.tags and dom.tags[chart] != "svg":
        problems.append(f"#{chart} is a <{dom.tags[chart]}>, not an <svg>")
day_bars = check("chart-discount-by-day", "bars", want_days)
top_bars = check("chart-top-promos", "bars", want_top)
promo_rows = check("promos", "rows", want_promos)
store_rows = check("stores", "rows", want_stores)
difference_rows = check("baseline-difference", "rows", "", required=False)
if dom.scripts:
    problems.append(f"the page has {dom.scripts} <script> elements; it must run none")
if dom.external:
    problems.append("the page refers to other files: " + ", ".join(dom.external[:5]))

def read_png(path):
    """Width, height, channels and rows of pixels of an 8-bit PNG (grey, RGB, or with alpha)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, [], None
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace != 0:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, previous, pos = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[pos], bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(line)
        previous = line
    return width, height, channels, rows

try:
    width, height, channels, rows = read_png(png_file)
except Exception as e:  # a broken screenshot is a failed check, with the reason
    problems.append(f"the screenshot cannot be read: {e}")
    width = height = 0
if width and height:
    total = width * height
    ink = bars = 0
    for line in rows:
        for x in range(0, width * channels, channels):
            if channels >= 3:
                r, g, b = line[x], line[x + 1], line[x + 2]
            else:
                r = g = b = line[x]
            if r < 240 or g < 240 or b < 240:
                ink += 1
            # The bars' colour, #3b6ea5, give or take anti-aliasing.
            if abs(r - 0x3b) < 24 and abs(g - 0x6e) < 24 and abs(b - 0xa5) < 24:
                bars += 1
    share = ink * 1000 // total
    if ink < total // 100:
        problems.append(f"the screenshot is blank: {ink} of {total} pixels are not white")
    if (day_bars or top_bars) and bars < 200:
        problems.append(f"the screenshot shows almost no bars: {bars} pixels of the bars' colour")
    print(f"screenshot {width}x{height}: {share / 10:.1f}% of the pixels drawn, {bars} in the bars' colour")

print(f"charts: {day_bars} bars by day, {top_bars} top promos; tables: {promo_rows} promos, "
      f"{store_rows} stores" + (f", {difference_rows} against the baseline" if difference_rows is not None else ""))
if problems:
    for p in problems:
        print(f"check-report-html: {page}: {p}", file=sys.stderr)
    sys.exit(1)
print(f"check-report-html: {page}: rendered as expected")
PY
