"""What the API's data endpoints return: the very objects the pages read (a ``Report``, a
``Comparison``, a roadmap's actions, a firm's workspace) turned into JSON-able dicts.

Nothing here reads answers or decides what may be shown: the builders the pages use already
did, so the API never shows a figure the page hides (a withheld figure is ``None`` with the
page's reason beside it). Figures are rounded as the page shows them, or as the page's own
download gives them where it offers one.
"""
