"""The hotline-staff console (Gradio), mounted by the HTTP service at ``/console``.

:mod:`assistant.console.handlers` holds what the console does, as plain functions over
the :class:`~assistant.facade.Assistant` (the 口径 in :mod:`assistant.console.standard`);
:mod:`assistant.console.ui` (``build_console``, ``mount_console``) and
:mod:`assistant.console.tabs` are the only modules that import gradio. Importing this
package imports neither.
"""
