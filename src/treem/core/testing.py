"""Shared pieces of the access-scoping matrix (tests/test_scoping_matrix.py).

The matrix's ``TABLE`` is the single statement of who may see what: every URL and API operation, with
the answer each role gets in each context. What the apps give it is the objects its rows are requested
on: a module ``treem/<app>/tests/scoping*.py`` defines

- ``objects(world) -> dict[kind, dict[home, (pk, unit)]]`` — an object of each ``kind`` (the name a
  row's ``kind`` uses) for each home key of the matrix ("a1", "a2", "b1", and "hamlet_a1" for one in the
  hamlet Khu phố 1 of A1), the unit being what decides access.

The matrix and the form crawler (tests/test_form_crawl.py) call every such ``objects`` they find.
"""
