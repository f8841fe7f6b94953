"""The gluteal-muscles live notebook's explorer (the notebook itself runs under nbval with the
others, and its stored outputs are checked in test_notebook.py)."""

def test_explorer_updates_with_the_pose():
    """The live explorer's table follows the sliders and the preset menu."""
    from widgets.glutes_figures import glutes_explorer

    box = glutes_explorer()
    menu, flexion, out = box.children[0], box.children[1], box.children[-1]
    standing = out.value
    assert "Gluteus maximus (inferior part)" in standing and "external rotation" in standing
    flexion.value = 90
    assert out.value != standing and "hip flexion 90°" in out.value
    menu.value = "clamshell"
    assert "hip flexion 45°" in out.value and "rotation -30°" in out.value
