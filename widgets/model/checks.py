"""Input checks: every bad input gets an error naming the parameter, the value and what is allowed.

Nothing is clamped: a value outside the model's range is an error, not a silent correction."""

import difflib
import numbers

import numpy as np

# The model's documented ranges, in degrees. The knee range is that of gait2392's knee
# functions; the hip ranges cover the normal active range of motion and then some.
RANGES = {
    "flexion": (-30.0, 130.0),
    "adduction": (-50.0, 40.0),
    "rotation": (-60.0, 60.0),
    "knee": (0.0, 120.0),
}
# Within these the wrapping surfaces stay clear of the bone points (checked by a test).
FEMUR_RANGES = {
    "anteversion_deg": (-15.0, 60.0),
    "neck_shaft_deg": (115.0, 150.0),
}


def _describe(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def as_angle_array(name, value, valid_range):
    """Return ``value`` as a 1-D float array in degrees, or raise TypeError/ValueError."""
    lo, hi = valid_range
    allowed = f"a number or 1-D array of numbers in degrees, from {lo:g} to {hi:g}"
    if isinstance(value, (bool, np.bool_)) or isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be {allowed}; got {type(value).__name__} {_describe(value)}")
    if isinstance(value, numbers.Real):
        arr = np.array([float(value)])
    else:
        try:
            arr = np.asarray(value)
        except Exception as exc:  # e.g. ragged nested lists
            raise TypeError(f"{name} must be {allowed}; got {_describe(value)}") from exc
        if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer)
                                     or np.issubdtype(arr.dtype, np.floating)):
            raise TypeError(f"{name} must be {allowed}; got {type(value).__name__} "
                            f"{_describe(value)} (dtype {arr.dtype})")
        if arr.ndim > 1:
            raise ValueError(f"{name} must be {allowed}; got an array of shape {arr.shape}")
        arr = arr.astype(float).reshape(-1)
        if arr.size == 0:
            raise ValueError(f"{name} must be {allowed}; got an empty array")
    bad = ~np.isfinite(arr)
    if bad.any():
        raise ValueError(f"{name} must be finite ({allowed}); got {arr[bad][0]!r} "
                         f"at index {int(np.argmax(bad))}")
    out = (arr < lo) | (arr > hi)
    if out.any():
        i = int(np.argmax(out))
        where = "" if arr.size == 1 else f" at index {i}"
        raise ValueError(f"{name}={arr[i]:g} deg{where} is outside the model's range "
                         f"[{lo:g}, {hi:g}] deg")
    return arr


def broadcast_poses(**angles):
    """Check the four joint angles and broadcast them to a common length n."""
    arrays = {k: as_angle_array(k, v, RANGES[k]) for k, v in angles.items()}
    sizes = {k: a.size for k, a in arrays.items() if a.size != 1}
    if len(set(sizes.values())) > 1:
        detail = ", ".join(f"{k} has {n}" for k, n in sizes.items())
        raise ValueError(f"joint angle arrays must have the same length (or be single values); {detail}")
    n = max(sizes.values(), default=1)
    return {k: np.broadcast_to(a, (n,)) for k, a in arrays.items()}


def femur_angle(name, value):
    lo, hi = FEMUR_RANGES[name]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number in degrees from {lo:g} to {hi:g}; "
                        f"got {type(value).__name__} {_describe(value)}")
    value = float(value)
    if not np.isfinite(value) or not lo <= value <= hi:
        raise ValueError(f"{name}={value!r} is outside the model's range [{lo:g}, {hi:g}] deg")
    return value


def muscle_indices(requested, known, item="muscle", where="HipModel().muscle_ids"):
    """Indices of the requested ids in ``known``; unknown ids name their closest matches.

    ``item`` names what the ids are (muscle, ligament, ...) and ``where`` where to find the
    valid ids, for the error messages."""
    param = item + "s"
    if requested is None:
        return list(range(len(known)))
    if isinstance(requested, str):
        requested = [requested]
    try:
        requested = list(requested)
    except TypeError:
        raise TypeError(f"{param} must be a {item} id or a list of ids; got "
                        f"{type(requested).__name__} {_describe(requested)}") from None
    index = {m: i for i, m in enumerate(known)}
    out = []
    for m in requested:
        if not isinstance(m, str):
            raise TypeError(f"{param} must contain {item} ids (str); got {type(m).__name__} {_describe(m)}")
        if m not in index:
            close = difflib.get_close_matches(m, known, n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ValueError(f"unknown {item} {m!r}{hint} (valid ids: {where})")
        out.append(index[m])
    if not out:
        raise ValueError(f"{param} must name at least one {item}")
    return out
