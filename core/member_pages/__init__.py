"""Member pages (会员端 H5) at ``/m/<tenant>``: server-rendered, mobile-first pages for members."""
