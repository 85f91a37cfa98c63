"""A persistent near-duplicate index: MinHash LSH proposes candidates, exact comparison decides.

Every candidate LSH returns is verified with the exact Jaccard of the shingle sets (texts fetched through
the caller's ``text_for``, so only signatures and small metadata stay in memory) and with the figures;
only a verified candidate becomes a Match. The LSH threshold is set below the verification threshold so
that pairs just above it are not lost to banding's false negatives.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np

from crawler.identity.bands import BandIndex
from crawler.identity.classify import (
    KIND_PRIORITY,
    EntryFacts,
    classify_pair,
    figure_agreement,
    is_image_text_pair,
    title_key,
)
from crawler.identity.facts import SAME_REPORT_KINDS, Match, MatchKind, ReportFacts, Verdict
from crawler.identity.prepare import shingle_key, shingles_of
from crawler.identity.shingles import SHINGLE_SIZE, ShingleSet, jaccard, normalise_for_shingles, shingle_set
from crawler.identity.signatures import NUM_PERM, SCHEME, SEED, MinHasher, Signature, estimated_similarity
from crawler.identity.store import IndexStore

TextFor = Callable[[str], str | None]  # doc id -> the parser's text, from the archive or staging

LSH_THRESHOLD = 0.5
MIN_SIMILARITY = 0.7
# Candidates whose signature estimate is this far below MIN_SIMILARITY are not worth fetching.
ESTIMATE_SLACK = 0.2
MAX_VERIFIED = 8  # a document has a handful of true relatives; more candidates are template noise


class NearDupIndex:
    """``add(facts)`` per fetched document → a Verdict; ``save()`` at the end of a run appends to
    ``directory``; the next run's instance on the same directory starts from everything saved."""

    def __init__(
        self,
        text_for: TextFor,
        directory: Path | None = None,
        *,
        min_similarity: float = MIN_SIMILARITY,
        lsh_threshold: float = LSH_THRESHOLD,
        cache_size: int = 4096,
    ) -> None:
        self._text_for = text_for
        self._min_similarity = min_similarity
        self._hasher = MinHasher(NUM_PERM, SEED)
        self._bands = BandIndex(lsh_threshold, NUM_PERM)
        self._entries: list[EntryFacts] = []
        self._row_of: dict[str, int] = {}
        self._by_agency_year: defaultdict[tuple[str | None, int | None], list[int]] = defaultdict(list)
        self._signatures = np.empty((1024, NUM_PERM), dtype=np.uint32)
        # Recently added documents are the likeliest relatives of the next ones (a portal lists a report
        # and its attachment together), so their shingles are kept instead of re-fetching the text.
        self._shingle_cache: OrderedDict[str, ShingleSet] = OrderedDict()
        self._cache_size = cache_size
        self._store = IndexStore(directory) if directory else None
        self._saved_rows = 0
        if self._store:
            self._store.check_meta(
                {"num_perm": NUM_PERM, "seed": SEED, "scheme": SCHEME, "shingle": SHINGLE_SIZE}
            )
            self._load()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._row_of

    def entry(self, doc_id: str) -> EntryFacts:
        return self._entries[self._row_of[doc_id]]

    def classify(self, facts: ReportFacts) -> Verdict:
        """What ``facts`` is to the indexed documents, without adding it."""
        return self._judge(facts, *self._prepare(facts))[0]

    def add(self, facts: ReportFacts) -> Verdict:
        """Classify ``facts`` and index it (a document already indexed under its doc id is not re-added)."""
        shingles, signature = self._prepare(facts)
        verdict, entry = self._judge(facts, shingles, signature)
        if facts.doc_id not in self._row_of:
            self._insert(entry, signature, shingles)
        return verdict

    def saved_report(self, doc_id: str) -> str | None:
        """The report a document saved by an earlier run belongs to (None for one new in this run)."""
        row = self._row_of.get(doc_id)
        return self._entries[row].report_id if row is not None and row < self._saved_rows else None

    def assign_report(self, doc_id: str, report_id: str) -> None:
        """Settle the report of a document added since the last save (the run decides it at its end)."""
        row = self._row_of[doc_id]
        if row < self._saved_rows:
            raise ValueError(f"{doc_id} was saved by an earlier run; its report is settled")
        self._entries[row] = _with_report(self._entries[row], report_id)

    def format_family(self, doc_id: str) -> str:
        return self.entry(doc_id).format_family

    def compare(self, doc_id: str, other_id: str) -> Match | None:
        """The verified relation of two indexed documents (``doc_id`` taken as the newer), or None."""
        if doc_id not in self._row_of or other_id not in self._row_of:
            return None
        entry, other = self.entry(doc_id), self.entry(other_id)
        if is_image_text_pair(entry, other):
            return Match(MatchKind.IMAGE_TEXT_PAIR, other.doc_id, other.report_id, 0.0, None)
        shingles = self._shingles_of(doc_id)
        return None if shingles is None or not len(shingles) else self._verify(entry, shingles, other)

    def save(self) -> None:
        """Append the entries added since the last save to the directory (no-op without one)."""
        if self._store is None:
            return
        rows = slice(self._saved_rows, len(self._entries))
        self._store.append(self._saved_rows, self._entries[rows], self._signatures[rows].copy())
        self._saved_rows = len(self._entries)

    # -- internals ---------------------------------------------------------------------------------

    def _prepare(self, facts: ReportFacts) -> tuple[ShingleSet, Signature]:
        if facts.prepared is not None:  # computed by the parse worker, with the same functions
            return facts.prepared.shingles, facts.prepared.signature
        shingles = shingles_of(facts.text, facts.needs_ocr)
        return shingles, self._hasher.signature(shingles)

    def _judge(
        self, facts: ReportFacts, shingles: ShingleSet, signature: Signature
    ) -> tuple[Verdict, EntryFacts]:
        entry = _entry_for(facts, shingles)
        if facts.doc_id in self._row_of:
            known = self.entry(facts.doc_id)
            # The same text in another file format (a page and its PDF) is a format pair, not a copy.
            same = (
                MatchKind.EXACT_COPY if known.format_family == entry.format_family else MatchKind.FORMAT_PAIR
            )
            match = Match(same, known.doc_id, known.report_id, 1.0, 1.0)
            return Verdict(same, facts.doc_id, known.report_id, match), known
        matches = self._text_matches(entry, shingles, signature) + self._image_matches(entry)
        matches.sort(key=lambda m: (KIND_PRIORITY[m.kind], -m.text_similarity))
        best = matches[0] if matches else None
        kind = best.kind if best else MatchKind.NEW
        report_id = best.report_id if best and kind in SAME_REPORT_KINDS else facts.doc_id
        entry = _with_report(entry, report_id)
        return Verdict(kind, facts.doc_id, report_id, best, tuple(matches[1:])), entry

    def _text_matches(self, entry: EntryFacts, shingles: ShingleSet, signature: Signature) -> list[Match]:
        if len(shingles) == 0 or not self._entries:
            return []
        rows = self._bands.query(signature)
        estimates = estimated_similarity(signature, self._signatures[rows])
        order = np.argsort(-estimates)[:MAX_VERIFIED]
        matches = []
        for row, estimate in zip(rows[order], estimates[order], strict=True):
            if estimate < self._min_similarity - ESTIMATE_SLACK:
                break
            match = self._verify(entry, shingles, self._entries[row])
            if match is not None:
                matches.append(match)
        return matches

    def _verify(self, entry: EntryFacts, shingles: ShingleSet, old: EntryFacts) -> Match | None:
        old_shingles = self._shingles_of(old.doc_id)
        if old_shingles is None:
            return None  # the text is gone from the archive: an unverifiable candidate never counts
        similarity = jaccard(shingles, old_shingles)
        if similarity < self._min_similarity:
            return None
        agreement = figure_agreement(entry.figures, old.figures)
        kind = classify_pair(entry, old, agreement)
        return (
            None if kind is MatchKind.NEW else Match(kind, old.doc_id, old.report_id, similarity, agreement)
        )

    def _image_matches(self, entry: EntryFacts) -> list[Match]:
        rows = self._by_agency_year.get((entry.agency_key, entry.report_year), [])
        return [
            Match(MatchKind.IMAGE_TEXT_PAIR, old.doc_id, old.report_id, 0.0, None)
            for old in (self._entries[row] for row in rows)
            if is_image_text_pair(entry, old)
        ]

    def _shingles_of(self, doc_id: str) -> ShingleSet | None:
        if doc_id in self._shingle_cache:
            self._shingle_cache.move_to_end(doc_id)
            return self._shingle_cache[doc_id]
        text = self._text_for(doc_id)
        return None if text is None else shingle_set(normalise_for_shingles(text))

    def _insert(self, entry: EntryFacts, signature: Signature, shingles: ShingleSet) -> None:
        row = len(self._entries)
        if row == len(self._signatures):
            self._signatures = np.concatenate([self._signatures, np.empty_like(self._signatures)])
        self._signatures[row] = signature
        self._register(entry)
        if not entry.needs_ocr:
            self._bands.add(row, signature)
        if len(shingles) and self._cache_size:
            self._shingle_cache[entry.doc_id] = shingles
            if len(self._shingle_cache) > self._cache_size:
                self._shingle_cache.popitem(last=False)

    def _register(self, entry: EntryFacts) -> None:
        row = len(self._entries)
        self._entries.append(entry)
        self._row_of[entry.doc_id] = row
        self._by_agency_year[(entry.agency_key, entry.report_year)].append(row)

    def _load(self) -> None:
        """Everything saved before, in one pass: the band table is built with one sort per band."""
        assert self._store is not None
        entries, signatures = self._store.load(NUM_PERM)
        for entry in entries:
            self._register(entry)
        self._signatures = np.concatenate(
            [signatures, np.empty((max(1024, len(signatures)), NUM_PERM), np.uint32)]
        )
        with_text = np.array(
            [row for row, entry in enumerate(entries) if not entry.needs_ocr], dtype=np.int64
        )
        self._bands.add_many(with_text, signatures[with_text])
        self._saved_rows = len(entries)


def _entry_for(facts: ReportFacts, shingles: ShingleSet) -> EntryFacts:
    return EntryFacts(
        doc_id=facts.doc_id,
        report_id=facts.doc_id,
        agency_key=facts.agency_key,
        report_year=facts.report_year,
        figures=dict(facts.figures),
        format_family=facts.format_family,
        needs_ocr=facts.needs_ocr,
        title_key=title_key(facts.title),
        text_key=facts.prepared.text_key if facts.prepared is not None else shingle_key(shingles),
    )


def _with_report(entry: EntryFacts, report_id: str) -> EntryFacts:
    fields = {**entry.__dict__, "report_id": report_id}
    return EntryFacts(**fields)
