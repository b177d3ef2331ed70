"""TimeBank DATE benchmark for ``frontwire.times``.

Reads TimeML files (TempEval-3 TBAQ-cleaned TimeBank), runs the time finder on each document's
text with the document creation time (DCT) as the publication date, and scores DATE-type TIMEX3:

* detection precision / recall / F1, by *overlap* (a found expression shares at least one character
  with a gold DATE, one-to-one) and by *exact* span (same start and end);
* value accuracy: among overlap matches, the share whose TimeML value (``YYYY-MM-DD``, ``YYYY-Www``,
  ``YYYY-MM``, ``YYYY-Qn``, ``YYYY``, ``PRESENT_REF``...) equals the gold value as a string, as
  TempEval-3 scores it (the headline figure); value errors are counted by kind (gold
  underspecified, granularity convention, anchoring). "X-compatible" also accepts a value that
  fills in the digits a gold value leaves as X ("1989-W43" for "1989-WXX"): a side figure only.

Found expressions overlapping a gold TIME expression ("Friday night", "this evening") are neither
right nor wrong for DATE and are left out of precision. Files are split by sorted index: even =
dev (rules were looked at against these), odd = held out; ``--errors`` lists the dev split's errors
only unless ``--split`` says otherwise. The corpus is measurement data only; it is never copied into
the project.

    python bench/timebank.py [--dir ../shared/eval/timebank/TimeBank] [--errors 20] [--split dev]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from frontwire.times import mentions, timeml_value

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "timebank" / "TimeBank"
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Gold:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    overlap: int = 0
    exact: int = 0
    value_ok: int = 0
    value_compat: int = 0  # value_ok plus values that fill in a gold "X" ("1988-Q3" for "1988-QX")

    def add(self, other: Score) -> None:
        for k in ("gold", "found", "overlap", "exact", "value_ok", "value_compat"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def line(self, name: str) -> str:
        def prf(tp: int) -> str:
            p = tp / self.found if self.found else 0.0
            r = tp / self.gold if self.gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return f"P={p:.3f} R={r:.3f} F1={f:.3f}"

        acc = self.value_ok / self.overlap if self.overlap else 0.0
        compat = self.value_compat / self.overlap if self.overlap else 0.0
        return (f"{name:<9} gold={self.gold:4d} found={self.found:4d} | overlap {prf(self.overlap)} | "
                f"exact {prf(self.exact)} | value acc={acc:.3f} ({self.value_ok}/{self.overlap}) "
                f"[X-compatible {compat:.3f}]")


def read_tml(path: Path) -> tuple[str, date, list[Gold]]:
    """The document text (inside <TEXT>), its DCT and its TIMEX3 annotations with offsets."""
    raw = path.read_text(encoding="utf-8")
    dct_m = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    if not dct_m:
        raise ValueError(f"{path}: no CREATION_TIME TIMEX3")
    dct = date.fromisoformat(dict(_ATTR.findall(dct_m.group(0)))["value"][:10])
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    out: list[str] = []
    pos = 0
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    gold: list[Gold] = []
    for m in _TAG.finditer(body):
        chunk = _unescape(body[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name, attrs = m.group(1), m.group(2), m.group(3)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(attrs)))
        elif open_timex is not None:
            start, a = open_timex
            text = "".join(out)
            gold.append(Gold(start, length, a.get("type", ""), a.get("value", ""), text[start:length]))
            open_timex = None
    out.append(_unescape(body[pos:]))
    return "".join(out), dct, gold


def _unescape(s: str) -> str:
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def _granularity(value: str | None) -> str:
    v = value or ""
    for name, pat in (("day", r"\d{4}-\d\d-\d\d"), ("week", r"\d{4}-W.*"), ("quarter", r"\d{4}-Q.*"),
                      ("half/season", r"\d{4}-(?:H\d|SP|SU|FA|WI)"), ("month", r"\d{4}-\d\d"),
                      ("year", r"\d{4}"), ("decade/century", r"\d{2,3}"), ("ref", r"\w+_REF|P.*")):
        if re.fullmatch(pat, v):
            return name
    return "other"


def _fills_gold(value: str | None, gold: str) -> bool:
    """A more specific value where the gold leaves digits unspecified ("1989-W43" for "1989-WXX").
    TempEval-3 scores values by exact string, so this is a side figure, never the headline one."""
    if not value or "X" not in gold or len(value) != len(gold):
        return False
    return all(g == "X" or g == v for g, v in zip(gold, value, strict=True))


def _error_kind(value: str | None, gold: str) -> str:
    """Why a value is wrong: the gold leaves it underspecified ("1989-WXX", "1988-QX"), the two
    differ in granularity (TimeBank codes "a year ago" as a year, a quarter, a month or a day), or
    the same granularity with another value (the anchoring errors worth fixing)."""
    if "X" in gold:
        return "gold underspecified"
    if _granularity(value) != _granularity(gold):
        return "granularity"
    return "anchoring"


def score_file(path: Path, errors: list[str], kinds: Counter[str]) -> tuple[Score, float]:
    text, dct, gold = read_tml(path)
    t0 = time.perf_counter()
    found = mentions(text, dct)
    elapsed = time.perf_counter() - t0
    dates = [g for g in gold if g.type == "DATE"]
    times = [g for g in gold if g.type == "TIME"]
    s = Score(gold=len(dates))
    used: set[int] = set()
    for mnt in found:
        r = mnt.ref
        if any(r.start < g.end and g.start < r.end for g in times) and not any(
            r.start < g.end and g.start < r.end for g in dates
        ):
            continue  # a TIME expression: not scored for DATE
        s.found += 1
        match = next((i for i, g in enumerate(dates) if i not in used and r.start < g.end and g.start < r.end), None)
        if match is None:
            errors.append(f"FP  {path.name}: {r.text!r} -> {timeml_value(mnt)}")
            continue
        used.add(match)
        g = dates[match]
        s.overlap += 1
        s.exact += (r.start, r.end) == (g.start, g.end)
        value = timeml_value(mnt)
        s.value_compat += value == g.value or _fills_gold(value, g.value)
        if value == g.value:
            s.value_ok += 1
        else:
            kinds[_error_kind(value, g.value)] += 1
            errors.append(f"VAL {path.name}: {r.text!r} -> {value} gold {g.text!r}={g.value} (dct {dct})")
    for i, g in enumerate(dates):
        if i not in used:
            errors.append(f"FN  {path.name}: {g.text!r}={g.value}")
    return s, elapsed


def conventions(files: list[Path], min_count: int = 3) -> str:
    """Relative phrases that the gold normalises at different granularities ("a year ago" as 1988,
    1988-Q3, 1988-10 and 1988-10-26). Some of it follows from context (in a quarterly report "a
    year ago" is that quarter, which the resolver reads), the rest is the annotators' choice, which
    no single convention matches. Dev files only."""
    by_phrase: dict[str, Counter[str]] = {}
    for f in files:
        for g in read_tml(f)[2]:
            if g.type == "DATE" and not re.search(r"\d", g.text):
                by_phrase.setdefault(" ".join(g.text.lower().split()), Counter())[_granularity(g.value)] += 1
    lines = [f"{'dev gold phrase':28} {'n':>3}  granularities of its values (same phrase, different convention)"]
    mixed = 0
    for phrase, c in sorted(by_phrase.items(), key=lambda kv: -sum(kv[1].values())):
        n = sum(c.values())
        if n >= min_count and len(c) > 1:
            mixed += n - max(c.values())
            lines.append(f"{phrase[:28]:28} {n:3d}  " + ", ".join(f"{k} {v}" for k, v in c.most_common()))
    lines.append(f"values outside their phrase's most common granularity: {mixed} (context or convention)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder of TimeML .tml files")
    ap.add_argument("--errors", type=int, default=0, help="print this many errors of the --split split")
    ap.add_argument("--split", choices=("dev", "held-out", "both"), default="dev",
                    help="whose errors --errors prints (default dev: keep the held-out errors unread)")
    ap.add_argument("--conventions", action="store_true",
                    help="list DATE phrases the dev files' gold gives values of different granularity")
    args = ap.parse_args(argv)
    files = sorted(args.dir.glob("*.tml")) if args.dir.is_dir() else []
    if not files:
        print(f"timebank benchmark skipped: no .tml files in {args.dir} (pass --dir to point at TimeBank)")
        return 0
    splits = {"dev": files[0::2], "held-out": files[1::2]}
    if args.conventions:
        print(conventions(splits["dev"]))
        return 0
    total, seconds, chars = Score(), 0.0, 0
    for name, group in splits.items():
        s, errs, kinds = Score(), [], Counter()
        for f in group:
            fs, el = score_file(f, errs, kinds)
            s.add(fs)
            seconds += el
            chars += len(read_tml(f)[0])
        total.add(s)
        print(s.line(name))
        print(f"{'':9} value errors: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
        for e in errs[: args.errors] if args.split in (name, "both") else []:
            print("   ", e)
    print(total.line("all"))
    print(f"{len(files)} files, {chars / 1e6:.2f} M chars, find_times {seconds:.2f} s "
          f"({chars / max(seconds, 1e-9) / 1e6:.1f} M chars/s)")
    print("value acc = exact TimeML value string (TempEval-3; the headline). X-compatible also accepts a "
          "specific value where the gold leaves digits as X (1989-W43 for 1989-WXX, 1988-Q3 for 1988-QX): "
          "ACLED event dates need the specific week, so extraction keeps it; a side figure only.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
