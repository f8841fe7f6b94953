"""The Helm values for a class hub fit the course's image and the nbgitpuller links."""

from __future__ import annotations

from pathlib import PurePosixPath

import yaml

from assignment_kit import ROOT

VALUES = ROOT / "assets" / "deploy" / "z2jh-values.yaml"


def test_values_use_a_course_image_and_keep_its_home_visible():
    v = yaml.safe_load(VALUES.read_text())
    single = v["singleuser"]
    # an image built from this repository, to be named by the instructor (no public default)
    assert single["image"]["name"].endswith("/hip-course") and single["image"]["tag"] != "latest"
    # repo2docker installs the course in /home/jovyan: the per-student disk must not cover it
    home = PurePosixPath(single["storage"]["homeMountPath"])
    assert home.parent == PurePosixPath("/home/jovyan")
    # nbgitpuller puts pulled assignments on that disk
    assert single["extraEnv"]["NBGITPULLER_PARENTPATH"] == home.name
    assert single["defaultUrl"] == "/lab"
    assert v["cull"]["enabled"] is True


def test_binder_environment_has_what_the_assignments_need():
    req = (ROOT / ".binder" / "requirements.txt").read_text()
    for pkg in ("otter-grader==", "nbgitpuller==", "ipykernel=="):
        assert f"\n{pkg}" in req, pkg
