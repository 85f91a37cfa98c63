"""What both labelled corpora share: a case passes when every checked field is right, except its
``known_gaps``, which must still be wrong (a learned gap fails the test until it is removed)."""

from __future__ import annotations

from crawler.parsing.accuracy import Case, Check, check_fields


def describe(checks: list[Check]) -> str:
    return "\n".join(f"  {c.path}: expected {c.expected!r}, got {c.got!r}" for c in checks)


def assert_case_reads(case: Case) -> None:
    checks = check_fields(case.expected, case.parse())
    by_path = {check.path: check for check in checks}
    gaps = case.known_gaps
    unknown = sorted(set(gaps) - set(by_path))
    assert not unknown, f"known_gaps name fields that are not checked: {unknown}"
    learned = [by_path[path] for path in gaps if by_path[path].ok]
    assert not learned, f"the parser now gets these right; remove them from known_gaps:\n{describe(learned)}"
    wrong = [check for check in checks if not check.ok and check.path not in gaps]
    assert not wrong, (
        f"{case.name} ({case.meta.get('source')}): {len(wrong)} field(s) wrong\n{describe(wrong)}"
    )
