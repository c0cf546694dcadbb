"""The ``media-bias`` command: ``cli`` (arguments, exit status) → ``params`` (the notebooks'
parameters, checked) → ``runner`` (a run's pipeline: the ``notebooks`` and what they need,
``checks`` before any starts, the corpus loaded once (``prepare``), the ``supervisor`` of the
papermill processes, the ``report_folder`` as a transaction) → ``report`` (``summary.json``
and every page, rendered by :mod:`analysis.report` from the tables the notebooks saved). The
library does not import it.
"""
