"""The pages of 办理过户 (:mod:`hall_desk.ui.transfer_wizard`), one class per step.

Each step is a :class:`~hall_desk.ui.transfer.common.StepPage`: it builds its page, fills it from a
resumed transfer, names the widget of each refused field it holds, and refreshes itself when shown.
The wizard only wires them: the order of the steps, moving between them, Enter and Esc, saving and
the refusals.
"""
