-- A release stopped by SIGINT or SIGTERM (a cancel in GitHub Actions) is recorded as
-- 'cancelled' instead of staying 'running' or passing for an ordinary failure.
alter type release_outcome add value if not exists 'cancelled';
