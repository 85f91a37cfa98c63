"""The SQL behind each chart of ``nianbao report`` (shown on the page under its chart).

Every query reads published tables only and counts agencies' annual reports only (not provincial
summaries or look-alikes); a figure a report does not state is left out, never read as 0.
"""

from __future__ import annotations

APPLICATIONS = """
select m.report_year, m.template, sum(m.applications_new) as applications, count(*) as reports
from mart_agency_year_outcomes m join fct_reports r using (report_key)
where r.doc_kind = 'annual_report' and m.applications_new is not null
group by all order by m.report_year, m.template
"""

OUTCOMES = """
select m.report_year,
       sum(m.granted) as granted, sum(m.partial) as partial, sum(m.denied) as denied,
       sum(m.unable) as unable, sum(m.not_processed) as not_processed, sum(m.other) as other,
       sum(m.granted) / nullif(sum(m.outcomes_total), 0) as grant_rate
from mart_agency_year_outcomes m join fct_reports r using (report_key)
where r.doc_kind = 'annual_report' and m.outcomes_total is not null and m.granted is not null
group by all order by m.report_year
"""

REFUSALS = """
select o.label || ' · ' || f.outcome as label, f.outcome_group, sum(f."count") as applications
from mart_refusal_reasons f join dim_outcomes o using (outcome) join fct_reports r using (report_key)
where r.doc_kind = 'annual_report' and o.parent_outcome is not null
group by all having sum(f."count") > 0 order by applications desc
"""

REMEDIES = """
select case proceeding when 'reconsideration' then '行政复议 reconsideration'
                       when 'litigation_direct' then '直接起诉 direct suit'
                       else '复议后起诉 suit after review' end as label,
       sum(upheld) as upheld, sum(corrected) as corrected, sum(other) as other,
       sum(corrected) / nullif(sum(upheld) + sum(corrected) + sum(other), 0) as correction_rate
from mart_remedies m join fct_reports r using (report_key)
where r.doc_kind = 'annual_report' and proceeding <> 'litigation'
group by all order by label
"""

TIMELINESS = """
select r.report_year, a.agency_kind, count(*) as reports,
       count(*) filter (where r.days_from_deadline > 0) as late,
       count(*) filter (where r.days_from_deadline > 0) / count(*) as late_share
from fct_reports r join dim_agencies a using (agency_key)
where r.doc_kind = 'annual_report' and r.days_from_deadline is not null
group by all order by a.agency_kind, r.report_year
"""

PROVINCES = """
select g.province, count(*) as reports
from fct_reports r join dim_regions g using (region_code)
where r.doc_kind = 'annual_report' and g.province is not null
group by all order by reports desc
"""

CHANGES = """
select a.agency_name || ' ' || y.report_year as label, y.applications_new_change as change
from mart_agency_yoy y join dim_agencies a using (agency_key)
where y.applications_new_change is not null
order by abs(y.applications_new_change) desc, label limit 15
"""

INCONSISTENT = """
select i.agency_name, i.report_year, i.codes, min(s.url) as url
from mart_inconsistent_reports i join fct_reports r using (report_key)
left join internal.stg_raw__report_sources s on s.report_id = r.version_id
group by all order by i.report_year, i.agency_name
"""

LAST_RUN = "select run_id from fct_crawl_runs order by load_seq desc limit 1"
