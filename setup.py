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
        from ctie_helpers.facilitator.provision import bundle_course

        target = Path(self.build_lib) / "ctie_helpers" / "_course"
        shutil.rmtree(target, ignore_errors=True)  # a reused build folder must not keep an older course
        bundle_course(HERE, target)  # released in a scratch copy: the source tree is not written to


setup(cmdclass={"build_py": BuildPyWithCourse})
