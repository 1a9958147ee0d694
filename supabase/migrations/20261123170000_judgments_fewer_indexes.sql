-- Every index on judgments is rewritten for each inserted row and for each rescored row (a
-- rescore changes balance and score, which other indexes hold, so no update is HOT). These
-- three single-column indexes are left-hand prefixes of the portfolio page indexes of
-- 20261123150200, which serve the same equality filters (and their sorts) just as well:
--   judgments_tier   (tier, score desc)  ->  judgments_tier_score_page   (tier, score desc nulls last, id)
--   judgments_county (county_code)       ->  judgments_county_balance_page (county_code, balance desc nulls last, id)
--   judgments_status (status)            ->  judgments_status_score_page (status, score desc nulls last, id)
-- Kept: the identity constraint, the trigram index (text search), balance/score/entry_date
-- (unfiltered sorts), plaintiff and debtor (filters and foreign-key lookups), created_at (intake).
drop index judgments_tier;
drop index judgments_county;
drop index judgments_status;
