"""Commands of the ``debatelens`` command line that live in their own modules (registered in
:mod:`debatelens.cli`), so that the central file stays small."""
