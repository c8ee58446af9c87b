"""Go ``text/template`` for kubeship: the value model, the engine and its functions.

``gotypes`` maps Python values to Go types and lets functions declare Go
signatures.  The engine's public API is added here as it lands.
"""
