"""Exports made in the background: report and roadmap PDFs, large spreadsheets and raw answers.

Web workers only record what was asked for; `manage.py worker` processes make the file
(one long-lived Chromium each, a global limit on how many render at once), and the person
who asked watches its progress and downloads it from a page only they can open.
"""
