-- The portfolio's common "one filter, one sort" pages over 1M judgments: each index below
-- matches a filter plus the exact ORDER BY the API uses (`... desc nulls last, id`), so a page
-- is read straight off the index instead of sorting every matching row.
create index judgments_tier_score_page on judgments (tier, score desc nulls last, id);
create index judgments_tier_balance_page on judgments (tier, balance desc nulls last, id);
create index judgments_county_balance_page on judgments (county_code, balance desc nulls last, id);
create index judgments_status_score_page on judgments (status, score desc nulls last, id);
