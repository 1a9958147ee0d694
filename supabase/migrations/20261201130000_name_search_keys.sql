-- One folding of names for search, so a person finds a party however the name was typed:
-- case, accents (Peña = Pena), apostrophes and spaces (O'Brien = OBrien = O Brien) and other
-- punctuation are ignored. The key keeps only letters and digits, lower case, without accents:
--   'Seán O''Brien' -> 'seanobrien',  'PEÑA, MARÍA' -> 'penamaria',  'Smith & Co.' -> 'smithco'.
-- Word order ("Jackson, Tyrone" against "Tyrone Jackson") is handled by the search itself: each
-- word of the query must occur in the key (services/name_search.py), folded by this function.
--
-- Letters with no decomposition get their usual ASCII spelling (ß ss, æ ae, œ oe, þ th, ø o,
-- ł l, đ/ð d, ı i). Removed: whitespace, ASCII punctuation and symbols, Latin-1 punctuation,
-- spacing modifier letters (ʼ ʻ ˈ), and the general-punctuation, arrow/symbol and CJK
-- punctuation blocks. Letters and digits of every script stay, whatever the database's locale.
--
-- This is not the identity of a party (name_key, used to match plaintiffs and debtors at
-- import, is unchanged): two spellings that search alike may still be two parties.
--
-- Most names are plain ASCII (as many bytes as characters): they take a short path, one regular
-- expression, with the same result as the long one (tests/services/test_name_search.py checks
-- every ASCII character both ways); the import writes a key for each new debtor, so this matters.
-- A plain SQL function, not strict, so PostgreSQL inlines it.
create function df_name_search_key(name text) returns text
language sql immutable parallel safe
as $$
  select case
    when octet_length(name) = char_length(name) then
      nullif(regexp_replace(lower(name), '[^a-z0-9]+', '', 'g'), '')
    else
      nullif(regexp_replace(
        translate(
          replace(replace(replace(replace(
            regexp_replace(lower(normalize(name, nfkd)),
                           '[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]', '', 'g'),
            'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe'), 'þ', 'th'),
          'øłđðı', 'olddi'),
        '[\s\u0001-\u002f\u003a-\u0040\u005b-\u0060\u007b-\u00bf\u00d7\u00f7\u02b9-\u02df\u2000-\u206f\u2190-\u2bff\u3000-\u303f]',
        '', 'g'), '')
  end
$$;

-- The stored keys: computed by PostgreSQL whenever a name is written (every import, every edit,
-- every writer), and here for every existing row. The app writes names, never these columns.
alter table debtors add column search_name text generated always as (df_name_search_key(name)) stored;
alter table plaintiffs add column search_name text generated always as (df_name_search_key(name)) stored;

-- Searches match `search_name like '%word%'` for each word: trigram indexes serve them. The
-- trigram index on the raw debtor name served the old case-only search and has no reader left.
create index debtors_search_name_trgm on debtors using gin (search_name gin_trgm_ops);
create index plaintiffs_search_name_trgm on plaintiffs using gin (search_name gin_trgm_ops);
drop index debtors_name_trgm;
