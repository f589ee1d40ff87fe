"""The scheduler: the daily tick per tenant (store-local day) and the plugins' scheduled jobs."""
