"""The ``media-bias`` command: ``cli`` (arguments, exit status) → ``params`` (the notebooks'
parameters, checked) → ``runner`` (papermill, the report folder) → ``report``
(``summary.json`` and ``index.html``). The library does not import it.
"""
