"""Run as a script (a fresh process, so QT_SCALE_FACTOR applies): print the device pixel ratio of
the demo street's map and the logical widths of its grid labels as painted, as JSON."""

from __future__ import annotations

import json
import os
import sys
import time

sys.path.insert(0, os.getcwd())


def main() -> None:
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from tests.widgets.conftest import FakeSession, RecordingOperations
    from tests.widgets.test_map_support import demo_store
    from widgets.map_panel import MapPanel
    from widgets.map_tiles import TileSource
    panel = MapPanel(demo_store(), RecordingOperations(), FakeSession(), tiles=TileSource())
    panel.resize(1600, 900)
    panel.show()
    end = time.monotonic() + 15
    labels: list = []
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
        if panel.frame is not None and panel.view.viewport.width > 1000:
            panel.refresh_now()
            panel.view.grabFramebuffer()  # the grids' picture is painted in a render pass
            labels = panel.view.canvas.label_rects
            if len(labels) >= 10:
                break
    print(json.dumps({"dpr": panel.view.devicePixelRatioF(), "widths": sorted(round(r.width()) for r in labels)}))


if __name__ == "__main__":
    main()
