"""Reports: the daily summary of a store (每日店务汇总)."""
