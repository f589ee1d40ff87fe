"""The plugin machinery: what a plugin declares, how plugins are found, and per-tenant dispatch."""
