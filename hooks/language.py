"""The English site's pages under the Chinese names: ``x.en.md`` is its ``x.md``.

mkdocs.yml builds the Chinese site from ``docs/`` (``*.en.md`` excluded), mkdocs.en.yml the
English one from the same folder (of the pages, only ``*.en.md`` kept). Here each English page
takes the name without ``.en``, so it lands at the same path under ``en/``, and the English
pages' links (``[...](creation.md)``) and the nav find it. A walkthrough notebook has one source
for both sites (``walkthrough.py``, hooks/notebooks.py): nothing to rename.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File


@event_priority(100)
def on_files(files, config):
    suffix = f".{config.theme['language']}."
    for file in [f for f in files if f.src_uri.endswith(suffix + "md")]:
        renamed = File(file.src_uri.replace(suffix, "."), file.src_dir, file.dest_dir,
                       file.use_directory_urls, inclusion=file.inclusion)  # fmt: skip
        renamed.abs_src_path = file.abs_src_path
        renamed.edit_uri = file.edit_uri  # "edit this page" opens the English file
        files.remove(file)
        files.append(renamed)
    return files
