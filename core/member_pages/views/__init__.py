"""The member pages' own routes: sign-in, the card home and the member code."""
