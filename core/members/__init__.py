"""Members (会员): profiles, tags, notes, search, the member code, CSV import."""
