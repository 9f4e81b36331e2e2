"""Wheel build hook: the wheel carries the trainee's course as ``ctie_helpers/_course/`` (``ctie init``).

Everything else about the package is in ``pyproject.toml``. At wheel build time (not for an editable
install, which reads the repository itself) every session is released with nbgrader, exactly as
``ctie release`` does, and laid out with START_HERE and the synthetic data by
``ctie_helpers.facilitator.provision.bundle_course``. Nothing generated is committed: the course's
only copy in git stays ``notebooks/`` and ``data/synthetic/``.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithCourse(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        # The package being built, from this source tree; nbgrader_config.py imports it in nbgrader's
        # own subprocess too, hence PYTHONPATH.
        sys.path.insert(0, str(HERE))
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")]))
        from ctie_helpers.facilitator.course import Course
        from ctie_helpers.facilitator.provision import bundle_course

        target = Path(self.build_lib) / "ctie_helpers" / "_course"
        shutil.rmtree(target, ignore_errors=True)  # a reused build folder must not keep an older course
        # Release in a scratch copy of the course root: the build must not write into the source tree.
        with tempfile.TemporaryDirectory(prefix="ctie-wheel-") as tmp:
            root = Path(tmp) / "course"
            (root / "data").mkdir(parents=True)
            self.copy_tree(str(HERE / "notebooks"), str(root / "notebooks"))
            self.copy_tree(str(HERE / "data" / "synthetic"), str(root / "data" / "synthetic"))
            self.copy_file(str(HERE / "nbgrader_config.py"), str(root / "nbgrader_config.py"))
            bundle_course(Course.at(root), target)


setup(cmdclass={"build_py": BuildPyWithCourse})
