"""The double-entry ledger (账务): every money, points and session movement as balanced postings."""
