-- The day a satisfied judgment's satisfaction piece was filed with the clerk (CPLR 5020): from
-- then its satisfaction-piece deadline is met and leaves the desk and the judgment page. A filing
-- dated before the latest satisfaction (a judgment satisfied, reopened and satisfied again)
-- meets nothing: the new satisfaction needs its own piece.
alter table judgments add column satisfaction_filed_on date;
