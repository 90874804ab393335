"""The main screen's watching of its folder: files added, changed or removed are indexed
as they come (`w`, or `tradetui --watch`), and the panes follow."""

from __future__ import annotations

from textual import on
from textual.screen import Screen

from search import WatchResult

from ..messages import FolderChanged
from ..notify import tell
from ..session import Session, index_summary


class FolderWatching(Screen):
    """Start and stop watching the corpus folder (the key is bound by the main screen)."""

    # The main screen's state and steps that these use.
    session: Session
    searchable: bool
    _summary: str

    def _show_error(self, message: str) -> None:
        raise NotImplementedError

    def _link(self, session: Session) -> object:
        raise NotImplementedError

    def action_toggle_watch(self) -> None:
        if self.session.watching:
            self.session.stop_watching()
            tell(self, "Stopped watching the folder")
        elif not self.searchable:
            tell(self, "The folder is watched once it is indexed", severity="warning")
            self.session.watch_at_start = True
        else:
            self.start_watching()

    def start_watching(self) -> None:
        def on_round(result: WatchResult) -> None:  # in the watcher's thread: a message is all it sends
            self.post_message(FolderChanged(result))

        self.session.watch(on_round)
        tell(self, f"Watching {self.session.corpus.name}: new, changed and removed files are indexed as they come")

    @on(FolderChanged)
    def _folder_changed(self, event: FolderChanged) -> None:
        result = event.result
        if result.report is None:
            self._show_error(f"Watching the folder: {result.error}")
            return
        report = result.report
        if not (report.added or report.updated or report.deleted or report.skipped):
            return
        for s in report.skipped[:5]:
            self._show_error(f"Skipped {s.path}: {s.reason}")
        # Linking again brings the list, the names and the timeline up to date, and says what changed.
        self._summary = index_summary(report)
        self._link(self.session)
