"""Orders and checkout (开单/收银): lines, pricing through plugins, tenders, holds and refunds."""
