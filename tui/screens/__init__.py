"""The app's screens: the main screen and its dialogs, one per module."""
