"""Client money: agreements, payment splits, the trust ledger, remittance periods and statements,
and the three-way reconciliation (docs/CLIENT_MONEY.md). Each module is the only writer of its
tables: `agreements.py` client_agreements, `splits.py` payment_splits, `trust.py` trust_entries,
`periods.py` remittance_periods and remittance_statements, `reconciliation.py`
trust_reconciliations."""
