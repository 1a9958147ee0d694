-- API tokens expire. Tokens made before this change get the default 90 days from now, so no
-- script stops working the day this is deployed.
alter table api_tokens add column expires_at timestamptz;
update api_tokens set expires_at = now() + interval '90 days' where expires_at is null;
alter table api_tokens alter column expires_at set not null;
