-- The running sums of the three append-only ledgers, recomputed from their entries: every row this query returns is an
-- entry whose stored position does not follow from the one before it (empty: the ledgers are consistent). `./mak
-- restore` runs it on a restored database before it is trusted; an operator may run it on any copy
-- (psql -f deploy/checks/ledgers.sql). The rules are those the writers apply when they add an entry:
-- LedgerPosition.After (a franchisee's balance; holds and their releases move the held sum the other way),
-- CommissionPosition.After (a partner's available commission) and the points awarder (a user's points). Entry numbers
-- run 1, 2, 3, … per owner with no gap.
SELECT ledger, owner_id, entry_no, problem
FROM (
    SELECT 'ledger_entries' AS ledger, organization_id AS owner_id, entry_no,
           CASE
               WHEN entry_no <> row_number() OVER w THEN 'entry numbers are not 1, 2, 3, …'
               WHEN balance_after <> coalesce(lag(balance_after) OVER w, 0) + amount THEN 'balance_after'
               WHEN held_after <> coalesce(lag(held_after) OVER w, 0)
                   - CASE WHEN kind IN ('hold', 'hold_release') THEN amount ELSE 0 END THEN 'held_after'
           END AS problem
    FROM ledger_entries
    WINDOW w AS (PARTITION BY organization_id ORDER BY entry_no)
    UNION ALL
    SELECT 'commission_entries', organization_id, entry_no,
           CASE
               WHEN entry_no <> row_number() OVER w THEN 'entry numbers are not 1, 2, 3, …'
               WHEN available_after <> coalesce(lag(available_after) OVER w, 0) + available_change
                   THEN 'available_after'
           END
    FROM commission_entries
    WINDOW w AS (PARTITION BY organization_id ORDER BY entry_no)
    UNION ALL
    SELECT 'points_entries', user_id, entry_no,
           CASE
               WHEN entry_no <> row_number() OVER w THEN 'entry numbers are not 1, 2, 3, …'
               WHEN balance_after <> coalesce(lag(balance_after) OVER w, 0) + points THEN 'balance_after'
           END
    FROM points_entries
    WINDOW w AS (PARTITION BY user_id ORDER BY entry_no)
) checked
WHERE problem IS NOT NULL
ORDER BY ledger, owner_id, entry_no;
