"""The demo web: every simulated site in one list, for a state of the demo (``day``, ``faults``).

The site builders live one module per CMS family (``demo/cms.py``, ``demo/older.py``, ``demo/unified.py``,
``demo/hostile.py``) on top of ``demo/sites.py``; this module is the only one that knows them all.
"""

from __future__ import annotations

from dataclasses import replace

from crawler.parsing.template import Era
from demo.cms import gkmlpt_site, jcms_site, jpaas_site
from demo.content import SeedReport, seed
from demo.hostile import hostile_sites
from demo.older import boda_site, post_site
from demo.sites import Site, big5_gateway, plain_site, trs_site
from demo.synth import generate_report
from demo.unified import department_sites, platform_site


def day_two_report() -> SeedReport:
    """Day 2's new report on the TRS site: a synthetic one, rendered like the seeds."""
    report = generate_report(9001, era=Era.T2021, layout="pipe_text")
    return SeedReport(
        key="901",
        filename="synth_9001",
        agency=report.agency,
        report_year=report.report_year,
        title=report.title,
        published=report.published_date,
        text=report.body.decode("utf-8"),
    )


def corrected(report: SeedReport) -> SeedReport:
    """Day 2's corrected re-post of 004 at the same URL: the stated total now matches its breakdown. The list
    shows the re-post's date beside the unchanged title, as CMSs do on re-publishing (that is how a recrawl
    learns to ask for an old report again)."""
    text = report.text.replace("1075703", "1075590")
    assert text != report.text
    return replace(
        report, text=text + "\n（更正说明：主动公开信息总数更正为1075590条。）", reposted="2013-05-06"
    )


def build_sites(day: int = 1, faults: bool = False, scale: int = 0) -> list[Site]:
    """The demo web. Seeds: 001 is cross-posted on two sites; 000 is also a PDF attachment of its page. The
    CMS-family sites serve synthetic reports (``scale`` more each); a department site found by discovery and
    the unified platform that re-posts its report (``unified.py``); ``faults`` adds the hostile sites.
    ``day`` 2: a new report on the TRS site (pushing others down a page), 004 corrected in place, and the
    jcms column moved (301 from the old address)."""
    changde_reports = [(seed("000"), True), (seed("001"), False), (seed("002"), False)]
    panzhihua_reports = [(seed("004"), False), (seed("003"), False), (seed("001"), False)]
    if day >= 2:
        changde_reports.append((day_two_report(), False))
        panzhihua_reports[0] = (corrected(seed("004")), False)
    changde = trs_site("www.changde.gov.cn.test", "常德市人民政府", "4307000001", changde_reports)
    gateway = big5_gateway(changde)
    mirrored = next(
        path for served in changde.served for path in served.paths if served.key.startswith("seed:002")
    )
    panzhihua = plain_site(
        "www.panzhihua.gov.cn.test",
        "攀枝花市人民政府",
        "5104000001",
        panzhihua_reports,
        mirror_links=(
            (f"http://{gateway.host}/gate/big5/{changde.host}{mirrored}", f"{seed('002').title}（繁體）"),
        ),
    )
    sites = [
        changde,
        gateway,
        panzhihua,
        jcms_site(scale, moved=day >= 2),
        jpaas_site(scale),
        gkmlpt_site(scale),
        boda_site(scale),
        post_site(scale),
        *department_sites(),
        platform_site(),
    ]
    if faults:
        sites.extend(hostile_sites())
    return sites
