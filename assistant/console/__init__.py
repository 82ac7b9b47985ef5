"""The hotline-staff console (Gradio), mounted by the HTTP service at ``/console``.

What the console does, as plain functions (no gradio): :mod:`assistant.console.handlers`
over the :class:`~assistant.facade.Assistant` (the 口径 in :mod:`assistant.console.standard`),
and over the staff services (:mod:`assistant.staff`): :mod:`~assistant.console.calls`
(通话记录), :mod:`~assistant.console.fixes` (纠错), :mod:`~assistant.console.asks`
(热点问题), :mod:`~assistant.console.admin` (账号管理) and :mod:`~assistant.console.session`
(who is asking). The only modules that import gradio are :mod:`assistant.console.ui`
(``build_console``, ``mount_console``) and the tab wiring: :mod:`~assistant.console.consult`,
:mod:`~assistant.console.tabs`, :mod:`~assistant.console.staff_tabs` and
:mod:`~assistant.console.review_tabs`. Importing this package imports none of them.
"""
