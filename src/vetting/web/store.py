"""Deals as files in the data folder (``--data``, default ./vetting-deals, made on the first save).

- ``<data>/<slot>.yaml``: a saved deal, the same YAML ``vetting assess`` reads;
- ``<data>/.versions/<slot>.<time>.yaml``: the file as it was before each save;
- ``<data>/.autosave/<slot>.json``: the answers as last given (a closed tab or a crash loses nothing).

A deal opened from elsewhere (``vetting serve deal.yaml``, an upload) is never written back: its
edits are saved into the data folder. A slot (the deal's name in URLs and file names) is letters,
digits, ``-`` and ``_`` only, so nothing the browser names can leave the data folder.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from ..io.writing import write_file
from ..io.errors import InputError, OutputError
from ..io.encoding import decode
from ..io.jsontext import dumps
from ..io.reading import read_bytes, read_text
from ..model.loading import MAX_BYTES, load_deal, parse_text, validate
from ..model.models import DEAL_FORMAT, Deal
from ..workflows.mergerun import dump, dump_kept

SLOT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")
VERSIONS, AUTOSAVE = ".versions", ".autosave"


def slot_for(deal_id: str, taken) -> str:
    """A slot for a deal id: its letters, digits, - and _, unique among ``taken``."""
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", str(deal_id or "")).strip("-_")[:60] or "deal"
    slot, n = base, 2
    while slot in taken:
        slot, n = f"{base}-{n}", n + 1
    return slot


def is_slot(text: str) -> bool:
    return bool(SLOT.fullmatch(text or ""))


def deal_data(deal: Deal) -> dict:
    """A validated deal as plain data (what the form shows and the YAML file holds)."""
    return deal.model_dump(mode="json", by_alias=True, exclude_none=True)


def _with_format(data: dict) -> dict:
    data = dict(data)
    data.setdefault("format", DEAL_FORMAT)
    return {"format": data.pop("format"), **data}


def _as_deal(data) -> dict:
    """What a deal file reads as, validated (InputError when it does not)."""
    return _with_format(deal_data(validate(data, "<saved>").deal))


def deal_yaml(deal: Deal, before: str | None = None) -> str:
    """The deal as the YAML the CLI reads. Written over ``before`` (the YAML it was opened from, or its
    previous version), that text's comments, key order, quotes and layout are kept as ``vetting merge``
    keeps them, when it reads back as the same deal; else (or without ``before``) written plainly."""
    data = _with_format(deal_data(deal))
    if before is None:
        return dump(data, ".yaml").decode("utf-8")
    try:
        old = parse_text(before, "<before>", ".yaml")[0]
    except InputError:
        return dump(data, ".yaml").decode("utf-8")
    try:
        old = _as_deal(old)  # a value the seller wrote otherwise (an alias, 30%) but that reads the same stays
    except InputError:
        pass
    return dump_kept(before, old, data, ".yaml", as_read=_as_deal).decode("utf-8")


@dataclass
class Entry:
    slot: str
    data: dict  # the answers, as deal data (possibly not valid yet)
    origin: Path | None = None  # the file it was opened from, when not in the data folder
    saved: Path | None = None  # its file in the data folder, once saved


class DealStore:
    """The deals of one server: those in the data folder, those opened, those being written."""

    def __init__(self, data_dir: Path):
        self.root = Path(data_dir).resolve()
        self.entries: dict[str, Entry] = {}
        self._lock = threading.Lock()
        self._scan()

    def _scan(self) -> None:
        if self.root.is_dir():
            for path in sorted(self.root.glob("*.yaml")):
                if is_slot(path.stem) and path.is_file() and not path.is_symlink():
                    try:
                        data = deal_data(load_deal(path).deal)
                    except Exception:  # a file that does not load is shown by the CLI, not hidden here
                        continue
                    self.entries[path.stem] = Entry(path.stem, data, saved=path)
            for path in sorted((self.root / AUTOSAVE).glob("*.json")):
                self._restore(path)

    def _restore(self, path: Path) -> None:
        if not is_slot(path.stem) or not path.is_file() or path.stat().st_size > 5 * 1024 * 1024:
            return
        try:
            kept = json.loads(read_text(path, what="answers", inside=self.root / AUTOSAVE))
        except (OSError, ValueError, InputError):
            return
        if not isinstance(kept, dict) or not isinstance(kept.get("answers"), dict):
            return
        entry = self.entries.get(path.stem)
        origin = Path(kept["origin"]) if isinstance(kept.get("origin"), str) else None
        if entry is None:
            self.entries[path.stem] = Entry(path.stem, kept["answers"], origin=origin)
        else:
            entry.data = kept["answers"]

    def get(self, slot: str) -> Entry | None:
        return self.entries.get(slot) if is_slot(slot) else None

    def add(self, data: dict, origin: Path | None = None) -> Entry:
        """A deal opened or started now; a file opened again gets its earlier slot (and its answers)."""
        with self._lock:
            if origin is not None:
                origin = origin.resolve()
                for entry in self.entries.values():
                    if origin in (entry.origin, entry.saved):
                        return entry
                if origin.parent == self.root and is_slot(origin.stem):
                    entry = Entry(origin.stem, data, saved=origin)
                    self.entries.setdefault(origin.stem, entry)
                    return self.entries[origin.stem]
            entry = Entry(slot_for(data.get("id"), self.entries), data, origin=origin)
            self.entries[entry.slot] = entry
            return entry

    def autosave(self, entry: Entry, data: dict) -> None:
        """Keep the answers as given (atomically replaced on each change)."""
        entry.data = data
        kept = {"origin": str(entry.origin) if entry.origin else None, "answers": data}
        text = dumps(kept, ensure_ascii=False, sort_keys=True, default=str)
        write_file(self.root / AUTOSAVE / f"{entry.slot}.json", text.encode("utf-8"))

    def save(self, entry: Entry, deal: Deal, now: dt.datetime | None = None) -> Path:
        """Write the deal to ``<data>/<slot>.yaml``, the previous file kept under .versions/."""
        target = self.root / f"{entry.slot}.yaml"
        if target.parent != self.root:  # a slot is one plain name; this is belt and braces
            raise ValueError(entry.slot)
        if target.is_symlink():  # it would write where the link points: outside the data folder
            raise OutputError(target, key="serve_link")
        with self._lock:
            if target.is_file():
                stamp = (now or dt.datetime.now()).strftime("%Y%m%dT%H%M%S%f")
                write_file(self.root / VERSIONS / f"{entry.slot}.{stamp}.yaml",
                           read_bytes(target, what="deal", inside=self.root))
            write_file(target, self.deal_text(entry, deal).encode("utf-8"))
            entry.saved = target
        return target

    def deal_text(self, entry: Entry, deal: Deal) -> str:
        """The deal's YAML written over the file it was last saved as, or opened from (a YAML file): that
        file's comments, key order and layout kept (``deal_yaml``)."""
        before = entry.saved if entry.saved is not None and entry.saved.is_file() else entry.origin
        if before is None or before.suffix.lower() not in (".yaml", ".yml"):
            return deal_yaml(deal)
        try:
            inside = self.root if before == entry.saved else None
            text = decode(read_bytes(before, what="deal", limit=MAX_BYTES, inside=inside), str(before))
        except (InputError, OSError):
            text = None
        return deal_yaml(deal, text)

    def versions(self, slot: str) -> list[Path]:
        return sorted((self.root / VERSIONS).glob(f"{slot}.*.yaml")) if is_slot(slot) else []
