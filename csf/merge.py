"""Three-way merge of two people's edits of one assessment, field by field.

Two copies of one assessment that went separate ways (two people, a shared folder, two
git branches) are merged against the version both started from. The merge works on
the file's data, not on the model, so fields csf does not know yet merge too: mappings
key by key, lists of entries by their `id` (or, without ids, as sets of additions and
removals), and texts word by word with merge3. Only where both sides changed the same
words or the same value differently does a person need to choose: both versions are
kept, the text marked as git marks it, and each such place is listed under the
file's `conflicts:`, which `csf check` reports until the value there changes.
"""

from __future__ import annotations

import re
from typing import Any

from .frozen import frozen

CONFLICTS = "conflicts"  # top-level key holding the places a person must choose
LATER_WINS = frozenset({"updated"})  # when both sides touched the file, the later time is the truth
MINE, SEPARATOR, THEIRS = "<<<<<<< mine", "=======", ">>>>>>> theirs"
_MISSING = object()
_WORDS = re.compile(r"\s+|\S+")


@frozen
class Conflict:
    path: tuple[str | int, ...]
    mine: Any
    theirs: Any
    marked: bool = False  # both texts are in the file between conflict marks

    @property
    def where(self) -> str:
        return " › ".join(str(p) for p in self.path)


@frozen
class Merged:
    data: dict[str, Any]
    conflicts: tuple[Conflict, ...]


def merge(base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]) -> Merged:
    """`mine` and `theirs` merged against `base`; conflicts recorded in the data as well."""
    conflicts: list[Conflict] = []
    sides = [{k: v for k, v in d.items() if k != CONFLICTS} for d in (base, mine, theirs)]
    data = _merge(*sides, (), conflicts)
    earlier = open_conflicts(mine) + open_conflicts(theirs)  # still unsettled from an earlier merge
    records = [_record(c, data) for c in earlier + conflicts]
    if records:
        data[CONFLICTS] = _unique(records)
    return Merged(data, tuple(conflicts))


def _merge(base: Any, mine: Any, theirs: Any, path: tuple, conflicts: list[Conflict]) -> Any:
    if _same(mine, theirs):
        return mine
    if _same(mine, base):
        return theirs
    if _same(theirs, base):
        return mine
    if all(isinstance(v, dict) or v is _MISSING for v in (base, mine, theirs)) and _MISSING not in (mine, theirs):
        return _merge_mappings({} if base is _MISSING else base, mine, theirs, path, conflicts)
    if all(isinstance(v, list) or v is _MISSING for v in (base, mine, theirs)) and _MISSING not in (mine, theirs):
        return _merge_lists([] if base is _MISSING else base, mine, theirs, path, conflicts)
    if path and path[-1] in LATER_WINS and isinstance(mine, str) and isinstance(theirs, str):
        return max(mine, theirs)
    if _prose(mine, theirs) and (isinstance(base, str) or base is _MISSING):
        text, clean = merge_text("" if base is _MISSING else base, mine, theirs)
        if not clean:
            conflicts.append(Conflict(path, mine, theirs, marked=True))
        return text
    conflicts.append(Conflict(path, None if mine is _MISSING else mine, None if theirs is _MISSING else theirs))
    return theirs if mine is _MISSING else mine  # mine stays in place; the record names theirs


def _prose(*values: Any) -> bool:
    """Texts a person wrote (words with spaces between), merged word by word; other values
    (a rating's id, a date, a number) are either one or the other."""
    return all(isinstance(v, str) for v in values) and any(any(c.isspace() for c in v) for v in values)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _merge_mappings(base: dict, mine: dict, theirs: dict, path: tuple, conflicts: list[Conflict]) -> dict:
    out: dict = {}
    for key in [*mine, *(k for k in theirs if k not in mine), *(k for k in base if k not in mine and k not in theirs)]:
        value = _merge(base.get(key, _MISSING), mine.get(key, _MISSING), theirs.get(key, _MISSING), (*path, key), conflicts)
        if value is not _MISSING:
            out[key] = value
    return out


def _merge_lists(base: list, mine: list, theirs: list, path: tuple, conflicts: list[Conflict]) -> list:
    if all(_has_ids(v) for v in (base, mine, theirs)):
        merged = _merge_mappings(*(_by_id(v) for v in (base, mine, theirs)), path, conflicts)
        return list(merged.values())
    kept = [v for v in base if _count(v, mine) and _count(v, theirs)]  # removed by either: removed
    added = [v for v in mine if not _count(v, base)]
    added += [v for v in theirs if not _count(v, base) and not _count(v, added)]
    if all(isinstance(v, dict) and isinstance(v.get("at"), str) for v in added):
        added.sort(key=lambda v: v["at"])  # a history: the entries of both, in time order
    return kept + added


def _has_ids(entries: list) -> bool:
    ids = [e.get("id") for e in entries if isinstance(e, dict)]
    return len(ids) == len(entries) and all(isinstance(i, (str, int)) for i in ids) and len(set(ids)) == len(ids)


def _by_id(entries: list) -> dict:
    return {e["id"]: e for e in entries}


def _count(value: Any, values: list) -> int:
    return sum(_same(value, v) for v in values)


def merge_text(base: str, mine: str, theirs: str) -> tuple[str, bool]:
    """A three-way merge of words (merge3); where both changed the same words, both kept and marked."""
    import merge3

    a, b, o = (_WORDS.findall(t) for t in (mine, theirs, base))
    out: list[str] = []
    clean = True
    for region in merge3.Merge3(o, a, b).merge_regions():
        kind, start, end = region[:3]
        if kind == "unchanged":
            out += o[start:end]
        elif kind in ("a", "same"):
            out += a[start:end]
        elif kind == "b":
            out += b[start:end]
        else:
            clean = False
            astart, aend, bstart, bend = region[3:]
            out.append(f"\n{MINE}\n{''.join(a[astart:aend]).strip()}\n{SEPARATOR}\n{''.join(b[bstart:bend]).strip()}\n{THEIRS}\n")
    return "".join(out), clean


# --- conflicts left for a person -------------------------------------------------------------


def describe(conflict: Conflict) -> str:
    """What a person reads: where, and what to do."""
    if conflict.marked:
        return (f"{conflict.where}: changed both ways; both texts are kept between '{MINE}' and '{THEIRS}': "
                "keep the right words and remove the marks")
    return (f"{conflict.where}: mine {conflict.mine!r}, theirs {conflict.theirs!r}, mine kept for now: "
            "set the one you want (csf answer or the TUI), or delete its entry under conflicts:")


def _record(conflict: Conflict, data: dict) -> dict:
    return {"field": list(conflict.path), "mine": conflict.mine, "theirs": conflict.theirs,
            "kept": value_at(data, conflict.path)}


def _unique(records: list[dict]) -> list[dict]:
    out: list[dict] = []
    for record in records:
        if not any(r["field"] == record["field"] for r in out):
            out.append(record)
    return out


def value_at(data: Any, path: tuple | list) -> Any:
    """The value at `path` (list entries by id, or by position), or None."""
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list):
            data = next((e for e in data if isinstance(e, dict) and e.get("id") == part), None) if not isinstance(part, int) \
                else (data[part] if part < len(data) else None)
        else:
            return None
    return data


def open_conflicts(data: dict[str, Any]) -> list[Conflict]:
    """Conflicts recorded in the file that no one has settled yet.

    A place is settled once its value differs from the one the merge left there (a
    person chose, in the TUI, with `csf answer` or by hand) and holds no markers.
    """
    out = []
    for record in _records(data):
        now = value_at(data, record["field"])
        marked = isinstance(now, str) and MINE in now and THEIRS in now
        if marked or _same(now, record.get("kept")):
            out.append(Conflict(tuple(record["field"]), record.get("mine"), record.get("theirs"), marked))
    return out


def settled(data: dict[str, Any]) -> dict[str, Any]:
    """`data` without the records of conflicts a person has settled: a save drops them."""
    records = _records(data)
    if not records:
        return data
    live = {c.path for c in open_conflicts(data)}
    kept = [r for r in records if tuple(r["field"]) in live]
    out = {k: v for k, v in data.items() if k != CONFLICTS}
    if kept:
        out[CONFLICTS] = kept
    return out


def _records(data: dict[str, Any]) -> list[dict]:
    records = data.get(CONFLICTS)
    if not isinstance(records, list):
        return []
    return [r for r in records if isinstance(r, dict) and isinstance(r.get("field"), list)]
