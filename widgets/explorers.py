"""Live explorers (ipywidgets + plotly FigureWidget) for JupyterLab, Binder and JupyterHub.

These recompute the model on every change, so they need a running kernel. Never display
them on a book page; the book shows the precomputed versions (:mod:`widgets.femur_view`).

>>> from widgets.explorers import femur_explorer
>>> femur_explorer()          # in a notebook: the femur explorer      # doctest: +SKIP
"""

from __future__ import annotations

from html import escape

import ipywidgets as ipw
import numpy as np
import plotly.graph_objects as go

from . import bones_view as bv
from . import femur_view as fv
from .model import FEMUR_RANGES, RANGES, HipModel
from .model import preset as model_preset

__all__ = ["FemurExplorer", "femur_explorer"]

_POSE_LABELS = {
    "flexion": "Hip flexion (°)",
    "adduction": "Hip adduction (°)",
    "rotation": "Hip rotation (°)",
    "knee": "Knee flexion (°)",
}
_POSE_HELP = {
    "flexion": "+ flexion, − extension",
    "adduction": "+ adduction, − abduction",
    "rotation": "+ internal, − external",
    "knee": "+ knee bent",
}
_FEMUR_LABELS = {"anteversion_deg": "Anteversion (°)", "neck_shaft_deg": "Neck-shaft angle (°)"}


class FemurExplorer:
    """The femur explorer, live.

    Controls: hip flexion, adduction, rotation, knee flexion, femoral anteversion and
    neck-shaft angle (slider limits = the model's valid ranges), pose presets, a reset,
    camera views, a muscle picker and an action picker. Every change recomputes the model
    and updates the 3-D view, the ranked chart and every readout in one go, so numbers
    and picture always belong to the same pose.

    Use ``explorer.widget`` to display it, ``explorer.set_pose(...)`` to drive it from code
    (invalid values raise the model's ``ValueError``/``TypeError`` and change nothing).
    """

    def __init__(self, model: HipModel | None = None, height: int = 560):
        self.model = model or HipModel()
        self._hold = False
        self.presets = fv.read_presets()
        self.names = [self.model.muscle_info(m)["name"] for m in self.model.muscle_ids]
        self.notes = [self.model.muscle_info(m)["note"] for m in self.model.muscle_ids]
        self.meshes = bv.bone_meshes(self.model)
        self.state = fv.pose_state(self.model)
        self.neutral_roles = self.state.roles.copy()

        style = {"description_width": "10rem"}
        layout = ipw.Layout(width="30rem")
        self.controls = {}
        for name, (lo, hi) in RANGES.items():
            self.controls[name] = ipw.FloatSlider(
                value=0.0, min=lo, max=hi, step=1.0, description=_POSE_LABELS[name],
                tooltip=_POSE_HELP[name], continuous_update=True, readout_format=".0f",
                style=style, layout=layout)
        for name, (lo, hi) in FEMUR_RANGES.items():
            self.controls[name] = ipw.FloatSlider(
                value=getattr(self.model, name), min=lo, max=hi, step=0.5,
                description=_FEMUR_LABELS[name], continuous_update=False,
                readout_format=".1f", style=style, layout=layout)
        self.default_femur = {k: getattr(self.model, k) for k in FEMUR_RANGES}
        for c in self.controls.values():
            c.observe(self._on_control, names="value")

        self.preset = ipw.Dropdown(
            options=[("(choose a pose)", "")] + [(p["label"], p["id"]) for p in self.presets],
            value="", description="Pose preset", style=style, layout=layout)
        self.preset.observe(self._on_preset, names="value")
        self.preset_note = ipw.HTML()
        self.reset_button = ipw.Button(description="Reset", icon="undo",
                                       tooltip="Standing pose and the default femur")
        self.reset_button.on_click(lambda _: self.reset())
        self.camera = ipw.ToggleButtons(options=list(fv.VIEWS), value="oblique",
                                        description="View", style={"button_width": "5rem"})
        self.camera.observe(self._on_camera, names="value")
        self.labels = ipw.Checkbox(value=False, description="Label landmarks", indent=False)
        self.labels.observe(lambda _: self._show_landmarks(), names="value")
        self.muscle = ipw.Dropdown(options=[(n, j) for j, n in enumerate(self.names)],
                                   value=self.model.muscle_ids.index("piriformis"),
                                   description="Muscle", style=style, layout=layout)
        self.muscle.observe(lambda _: self._update_readouts(), names="value")
        self.action = ipw.Dropdown(options=list(fv.ACTIONS), value="external rotation",
                                   description="Action", style=style, layout=layout)
        self.action.observe(lambda _: self._update_readouts(), names="value")

        view = fv.make_view_figure(self.model, self.state, height=height, meshes=self.meshes)
        bars = fv.make_bar_figure(self.model, self.state)
        try:
            # plotly >= 6 needs the `anywidget` package for FigureWidget
            self.view, self.bars = go.FigureWidget(view), go.FigureWidget(bars)
            self.live_figures = True
        except ImportError:
            # Fallback: plain figures redrawn into Output widgets (slower, no click-to-select)
            self.view, self.bars = view, bars
            self.live_figures = False
        self._outputs = [ipw.Output(), ipw.Output()]
        self._trace = {t.name: i for i, t in enumerate(self.view.data)}
        if self.live_figures:
            for key, *_ in fv.GROUPS:
                self.view.data[self._trace[f"muscles {key}"]].on_click(self._on_click)
        else:
            self._redraw()

        self.status = ipw.HTML()
        self.flips = ipw.HTML()
        self.detail = ipw.HTML()
        self.action_view = ipw.HTML()
        self._update_readouts()
        self.widget = self._layout()

    # ------------------------------------------------------------------ layout
    def _layout(self):
        c = self.controls
        pose_box = ipw.VBox([c["flexion"], c["adduction"], c["rotation"], c["knee"]])
        femur_box = ipw.VBox([ipw.HTML("<b>Femur shape</b>"), c["anteversion_deg"],
                              c["neck_shaft_deg"]])
        top = ipw.VBox([
            ipw.HBox([pose_box, femur_box], layout=ipw.Layout(flex_flow="row wrap")),
            ipw.HBox([self.preset, self.reset_button]), self.preset_note,
            ipw.HBox([self.camera, self.labels]), self.status,
        ])
        readouts = ipw.VBox([self.muscle, self.detail, self.action, self.action_view,
                             self.flips], layout=ipw.Layout(width="34rem"))
        view, bars = (self.view, self.bars) if self.live_figures else self._outputs
        return ipw.VBox([
            top, view,
            ipw.HBox([bars, readouts], layout=ipw.Layout(flex_flow="row wrap")),
        ])

    def _redraw(self):
        """Fallback without anywidget: show the updated figures again."""
        from IPython import get_ipython

        if get_ipython() is None:       # not in a kernel (scripts, benchmark): nothing to show
            return
        for out, fig in zip(self._outputs, (self.view, self.bars)):
            # set the Output widget's content directly (not via the cell's output stream),
            # so the figure lands in the widget even while another cell is running
            # (plotly figures display themselves through _ipython_display_, which would
            # write to the running cell; take their mime bundle instead)
            bundle = fig._repr_mimebundle_()
            out.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    # ----------------------------------------------------------------- driving
    def pose(self) -> dict:
        return {k: float(self.controls[k].value) for k in RANGES}

    def set_pose(self, flexion=None, adduction=None, rotation=None, knee=None,
                 anteversion_deg=None, neck_shaft_deg=None):
        """Move the explorer to a pose (degrees); ``None`` keeps a value.

        The pose is checked by the model first, so invalid input raises its error and
        leaves the explorer unchanged.
        """
        pose = self.pose()
        for k, v in (("flexion", flexion), ("adduction", adduction), ("rotation", rotation),
                     ("knee", knee)):
            if v is not None:
                pose[k] = v
        femur = {k: getattr(self.model, k) for k in FEMUR_RANGES}
        for k, v in (("anteversion_deg", anteversion_deg), ("neck_shaft_deg", neck_shaft_deg)):
            if v is not None:
                femur[k] = v
        model = self.model
        if any(femur[k] != getattr(model, k) for k in femur):
            model = HipModel(**femur)            # raises for invalid neck angles
        state = fv.pose_state(model, **pose)     # raises for invalid joint angles
        self._hold = True
        try:
            for k, v in {**pose, **femur}.items():
                self.controls[k].value = float(v)
        finally:
            self._hold = False
        self._apply(model, state)

    def reset(self):
        """Standing pose (all angles 0) and the default femur."""
        self.preset.value = ""
        self.set_pose(0, 0, 0, 0, **self.default_femur)

    def _on_control(self, change):
        if self._hold:
            return
        try:
            self.set_pose()
        except (ValueError, TypeError) as exc:   # cannot happen through the sliders
            self.status.value = f"<b>Not shown:</b> {escape(str(exc))}"

    def _on_preset(self, change):
        pid = change["new"]
        if not pid:
            self.preset_note.value = ""
            return
        model_preset(pid)   # an unknown id raises ValueError naming the valid ids
        p = next(q for q in self.presets if q["id"] == pid)
        src = f", source: {escape(p['source'])}" if p["source"] else ""
        self.preset_note.value = (f"<small><b>{escape(p['label'])}</b> (basis: "
                                  f"{escape(p['basis'])}{src}). {escape(p['note'])}</small>")
        self.set_pose(float(p["flexion_deg"]), float(p["adduction_deg"]),
                      float(p["rotation_deg"]), float(p["knee_deg"]))

    def _on_camera(self, change):
        self.view.layout.scene.camera = fv.VIEWS[change["new"]]

    def _show_landmarks(self):
        """Label the landmarks (or hide the labels) at the current pose and femur."""
        self.view.layout.scene.annotations = fv.landmark_annotations(
            self.model, self.state, visible=self.labels.value)
        if not self.live_figures:
            self._redraw()

    def _on_click(self, trace, points, selector):
        if points.point_inds:
            j = trace.customdata[points.point_inds[0]]
            if j is not None:
                self.muscle.value = int(j)

    # ------------------------------------------------------------------ update
    def _apply(self, model, state):
        if model is not self.model:
            self.model = model
            self.meshes = bv.bone_meshes(model)
            self.neutral_roles = fv.pose_state(model).roles.copy()
        self.state = state
        upd = fv.view_trace_updates(self.names, state, self.meshes)
        b = fv.bar_data(self.names, state)
        # one batch per figure: the front end receives each figure's new data in one message
        with self.view.batch_update(), self.bars.batch_update():
            fv.apply_view_updates(self.view, self._trace, upd)
            self.view.layout.title.text = fv._pose_title(state.pose)
            bar = self.bars.data[0]
            bar.x, bar.y, bar.text, bar.hovertext = b["x"], b["y"], b["text"], b["hover"]
            bar.marker.color, bar.marker.pattern.shape = b["color"], b["pattern"]
            if self.labels.value:
                self.view.layout.scene.annotations = fv.landmark_annotations(model, state, True)
            self._update_readouts()
        if not self.live_figures:
            self._redraw()

    def _update_readouts(self):
        st = self.state
        f, a, r, k = st.pose
        self.status.value = (f"<b>Pose:</b> {escape(fv._pose_title(st.pose))}; "
                             + escape(fv.femur_status(self.model.anteversion_deg,
                                                      self.model.neck_shaft_deg)))
        flips = fv.changed_actions(self.names, self.neutral_roles, st.roles)
        items = "".join(f"<li>{escape(s)}</li>" for s in flips) or "<li>none</li>"
        self.flips.value = ("<b>Actions that flipped compared with standing</b>"
                            f"<ul class='hip-flips'>{items}</ul>")
        j = self.muscle.value
        self.detail.value = fv.muscle_details(self.names[j], self.notes[j], st, j)
        self.action_view.value = fv.action_html(self.names, st, self.action.value)


def femur_explorer(model: HipModel | None = None, **kwargs) -> FemurExplorer:
    """Create the live femur explorer (display the returned object in a notebook)."""
    return FemurExplorer(model, **kwargs)


def _readout_pose(explorer: FemurExplorer) -> np.ndarray:
    """The pose the readouts show (for tests and the benchmark)."""
    return np.array(explorer.state.pose)
