"""The top room: the dashboards that gather every room's news in one place.

The signed-in home page, an organisation's page and a consulting firm's workspace each list
what lower rooms own (rounds, reviews, roadmap actions), read through those rooms' selectors
and access modules. Nothing imports this room but the URLs.
"""
