"""Every number a page's prose quotes must be printed by that page: the stale-number guard.

A re-capture changes what an output prints, and a sentence quoting the old value is then false
("val loss 0.1500" under an output that says 0.1495). So every number in a page's prose, its
code annotations and its admonitions that a reader could take for a measurement — a decimal
(0.5747), a timing (5.28 s), a ratio (2.41×), a percentage (99.32 %), a size (13.4 MB) or a count
of three or more digits (938, 60 000, 3,496,074) — must appear in what the page shows CI ran:

- an output (`<topic>.output.txt`) or benchmark report the page includes,
- a literal in the code of a snippet the page includes (`lr=0.25`, `Normalize((0.1307,), …)`),
- or the same for a page it links to (the number is quoted from there).

"Appear" allows the prose to round: 0.57 is printed by 0.5747, 417 s by 416.9 s, 99.3 % by
0.9932. What is left is either a stale number or a number no code computes (a formula constant,
an API default, a year): those are listed in `prose_numbers.yml` beside this file, each with
the page it may stand on and the reason it needs no output.

`python -m tools.prose_numbers` prints every unprinted number, page by page, and a count per
chapter; `tests/test_site.py` fails on any.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from fnmatch import fnmatch
from pathlib import Path

import yaml

from tools.snippets import DOCS, FENCE, ROOT, Snippet, includes

ALLOWED = Path(__file__).with_name("prose_numbers.yml")
PAGE_LINK = re.compile(r"\]\(([\w./-]+\.md)(?:#[\w-]*)?\)")

# A number: digits with optional thousands groups ("60 000", "3,496,074") and decimals. Not part
# of a word, a dotted version (2.14.1) or an identifier (conv2d, fc1, 0x7f).
NUMBER = re.compile(
    r"(?<![\w.,/\\-])(?<![\w.]-)"
    r"(?P<value>\d{1,3}(?:(?:,|[ \u2009\u202f])\d{3})+(?![\d])|\d+)(?P<fraction>\.\d+)?"
    r"(?![\w.]*\.\d)(?![A-Za-z_\d])"
)
# What follows a number that makes it a measurement even when it is small.
UNIT = re.compile(
    r"\s*(?P<unit>%|‰|×(?!\s*\d)|x(?![\w\d])|倍|个百分点|百分点|points?\b|s\b|ms\b|µs\b|us\b|ns\b"
    r"|min\b|minutes?\b|seconds?\b|秒|毫秒|微秒|分钟|小时|hours?\b|[kKMGT]i?B\b|bytes?\b|字节"
    r"|TFLOP/s|GFLOP/s|times\s+(?:faster|slower|as|longer|shorter|larger|smaller|more|fewer)\b)"
)


BARE = re.compile(r"-?\d[\d,. ]*\s*(?:%|×|x|s|ms|µs)?")


@dataclass(frozen=True)
class Quoted:
    page: Path
    line: int
    text: str  # as written, with its unit
    value: Decimal
    decimals: int
    percent: bool
    before: str = ""  # the prose just before the number: "PyTorch " makes 2.5 a version

    def where(self) -> str:
        return f"{self.page.relative_to(ROOT).as_posix()}:{self.line}: {self.text}"


def prose(text: str) -> str:
    """A page's text without code: fences, `inline code`, math, link targets, HTML comments,
    attribute lists and the include lines; line numbers are kept."""
    text = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.DOTALL)
    text = re.sub(r"\$\$.*?\$\$", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.DOTALL)
    text = re.sub(r"\$[^$\n]+\$", " ", text)  # inline math: formulas, not measurements
    # Inline code is code (`lr=0.1`), except a bare quoted number (`1.25`), which is prose.
    text = re.sub(r"`([^`\n]*)`", lambda m: m[1] if BARE.fullmatch(m[1]) else " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"\{[^}\n]*\}", " ", text)  # { #anchor } and { download }
    return re.sub(r"^[ \t]*--8<--.*$", "", text, flags=re.MULTILINE)


def _decimal(digits: str) -> Decimal:
    return Decimal(re.sub(r"[ ,\u2009\u202f]", "", digits))


def quoted_numbers(page: Path) -> list[Quoted]:
    """The numbers in a page's prose that a reader could take for a measurement."""
    found = []
    for n, line in enumerate(prose(page.read_text(encoding="utf-8")).splitlines(), 1):
        for m in NUMBER.finditer(line):
            unit = UNIT.match(line, m.end())
            fraction = m["fraction"] or ""
            value = _decimal(m["value"] + fraction)
            if not (fraction or unit or value >= 100):
                continue  # a small count: "2 epochs", "3 exercises", "第 4 行"
            text = line[m.start() : unit.end() if unit else m.end()].strip()
            percent = bool(unit and unit["unit"] in ("%", "个百分点", "百分点", "point", "points"))
            before = line[max(0, m.start() - 24) : m.start()]
            found.append(Quoted(page, n, text, value, len(fraction[1:]), percent, before))
    return found


def shown_numbers(page: Path) -> set[Decimal]:
    """Every number the page's included outputs, reports and snippet code contain."""
    numbers: set[Decimal] = set()
    for included in includes(page):
        path = ROOT / included
        texts = []
        if path.suffix == ".py":
            output = Snippet(path).output_path
            texts.append(path.read_text(encoding="utf-8"))
            if output.is_file():
                texts.append(output.read_text(encoding="utf-8"))
        elif path.suffix == ".txt" and path.is_file():
            texts.append(path.read_text(encoding="utf-8"))
        for text in texts:
            for m in re.finditer(r"(?<![\w.])[-+]?(\d[\d,_]*)(\.\d+)?(?:[eE]([-+]?\d+))?", text):
                digits = m[1].replace("_", "")
                if "," in digits and not re.fullmatch(r"\d{1,3}(,\d{3})+", digits):
                    # "(2,3)": two numbers, not 23
                    for part in digits.split(","):
                        if part:
                            numbers.add(Decimal(part))
                    continue
                try:
                    number = _decimal(digits + (m[2] or ""))
                    if m[3]:
                        number = number.scaleb(int(m[3]))
                except InvalidOperation:
                    continue
                numbers.add(number)
    return numbers


def sources(page: Path) -> set[Decimal]:
    """What the page and the pages it links to show."""
    pages = [page] + [
        (page.parent / link).resolve()
        for link in PAGE_LINK.findall(page.read_text(encoding="utf-8"))
    ]
    shown: set[Decimal] = set()
    for p in pages:
        if p.is_file():
            shown |= shown_numbers(p)
    return shown


def _rounds_to(printed: Decimal, quoted: Decimal, decimals: int) -> bool:
    if printed.as_tuple().exponent > -decimals and printed != quoted:
        return False  # printed with fewer digits than quoted: 0.15 does not print 0.1500
    step = Decimal(1).scaleb(-decimals)
    return any(
        printed.quantize(step, rounding=r) == quoted for r in (ROUND_HALF_UP, ROUND_HALF_EVEN)
    )


def is_printed(quoted: Quoted, shown: set[Decimal]) -> bool:
    for printed in shown:
        for value in (printed, printed * 100) if quoted.percent else (printed,):
            if _rounds_to(abs(value), quoted.value, quoted.decimals):
                return True
    return False


def allowed_entries() -> list[dict]:
    return yaml.safe_load(ALLOWED.read_text(encoding="utf-8")) or []


def is_allowed(quoted: Quoted, entries: list[dict]) -> bool:
    if not quoted.page.is_relative_to(DOCS):
        return False  # the entries name pages under docs/
    page = quoted.page.relative_to(DOCS).as_posix()
    for entry in entries:
        if not any(fnmatch(page, pattern) for pattern in entry["pages"]):
            continue
        if "after" in entry and not re.search(entry["after"] + r"\s*$", quoted.before):
            continue
        if "after" in entry or quoted.text in [str(n) for n in entry.get("numbers", [])]:
            return True
    return False


def unprinted(page: Path, entries: list[dict] | None = None) -> list[Quoted]:
    entries = allowed_entries() if entries is None else entries
    shown = sources(page)
    return [
        q for q in quoted_numbers(page) if not is_printed(q, shown) and not is_allowed(q, entries)
    ]


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def main(argv: list[str]) -> int:
    selected = [p for p in pages() if not argv or any(a in p.as_posix() for a in argv)]
    per_chapter: Counter[str] = Counter()
    entries = allowed_entries()
    for page in selected:
        for q in unprinted(page, entries):
            print(q.where())
            rel = page.relative_to(DOCS)
            per_chapter[rel.parts[0] if len(rel.parts) > 1 else "(top)"] += 1
    for chapter, count in sorted(per_chapter.items()):
        print(f"{chapter}: {count}")
    print(f"total: {sum(per_chapter.values())} unprinted numbers in {len(selected)} pages")
    return 1 if per_chapter else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
