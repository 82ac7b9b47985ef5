"""The hotline-staff console (Gradio), mounted by the HTTP service at ``/console``.

:mod:`assistant.console.handlers` holds what the console does, as plain functions over
the :class:`~assistant.facade.Assistant`; :mod:`assistant.console.ui` is the only module
that imports gradio (``build_console``, ``mount_console``). Importing this package
imports neither.
"""
