-- The time of the account's newest ledger entry. Every change of hours sets it to the greater of
-- the writer's clock and its current value, in the UPDATE that holds the account's row, and the
-- ledger entry copies it from there: along an account's sequence, times never go backwards, even
-- when writers' clocks disagree or a later-locking writer read its clock first.
-- NULL until the account's first entry.
ALTER TABLE quota_accounts ADD COLUMN last_entry_at TIMESTAMP(6) WITH TIME ZONE;

-- Existing accounts continue from their newest entry so far. Entries written before this column
-- existed stay as they are (the ledger is append-only); every later one is at or after all of them.
UPDATE quota_accounts
SET last_entry_at = (SELECT MAX(l.created_at) FROM quota_ledger l WHERE l.user_id = quota_accounts.user_id);
