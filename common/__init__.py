"""The bottom layer every process imports, and which imports nothing above it.

Storage (models, migrations, stores), the message model and its markup, settings, languages,
texts and privacy masking. It never imports rasa or rasa_sdk: the gateway runs it on current
aiohttp and python-telegram-bot, the Rasa and action servers on rasa 3.6's pins.
"""
