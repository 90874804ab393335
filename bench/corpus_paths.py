"""Where the benches find real news text beside the bundled seeds.

The Lee background corpus (lee_background.cor: 300 news articles, one per line; gensim
ships it as test data) is named by the TRADETUI_LEE_CORPUS environment variable. Without
it a file of that name in the working folder is used; the benches that need it say so
when neither is there.
"""

from __future__ import annotations

import os
from pathlib import Path

LEE_ENV = "TRADETUI_LEE_CORPUS"
LEE = Path(os.environ.get(LEE_ENV) or "lee_background.cor")
