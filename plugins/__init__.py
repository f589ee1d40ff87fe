"""Built-in plugins: each sub-package is one plugin, declared by its module-level ``plugin``."""
