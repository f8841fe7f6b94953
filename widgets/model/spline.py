"""Cubic splines as OpenSim's SimmSpline computes them (Forsythe-Malcolm-Moler end conditions).

gait2392's knee kinematics and its patella path point are SimmSplines of the knee angle. This is
a vectorised re-implementation so the numpy model reproduces them without OpenSim."""

import numpy as np

_TINY = 1e-10


class Spline:
    """Interpolating cubic spline through (x, y) knots; value and first derivative.

    Outside the knots it extrapolates linearly with the end slope, as SimmSpline does."""

    def __init__(self, x, y):
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        if x.ndim != 1 or x.shape != y.shape or x.size < 2 or np.any(np.diff(x) <= 0):
            raise ValueError("spline knots must be 1-D, of equal length >= 2, with x increasing")
        self.x, self.y = x, y
        self.b, self.c, self.d = _coefficients(x, y)

    def __call__(self, t):
        """Return (value, derivative) at t (array)."""
        t = np.asarray(t, dtype=float)
        i = np.clip(np.searchsorted(self.x, t, side="right") - 1, 0, self.x.size - 2)
        dx = t - self.x[i]
        b, c, d = self.b[i], self.c[i], self.d[i]
        value = self.y[i] + dx * (b + dx * (c + dx * d))
        slope = b + dx * (2.0 * c + 3.0 * dx * d)
        lo, hi = t < self.x[0], t > self.x[-1]
        if lo.any() or hi.any():
            value = np.where(lo, self.y[0] + (t - self.x[0]) * self.b[0], value)
            value = np.where(hi, self.y[-1] + (t - self.x[-1]) * self.b[-1], value)
            slope = np.where(lo, self.b[0], np.where(hi, self.b[-1], slope))
        return value, slope


def _coefficients(x, y):
    n = x.size
    b, c, d = np.zeros(n), np.zeros(n), np.zeros(n)
    if n == 2:
        b[:] = (y[1] - y[0]) / max(_TINY, x[1] - x[0])
        return b, c, d
    nm1, nm2 = n - 1, n - 2
    # Tridiagonal system: b diagonal, d off-diagonal, c right-hand side.
    d[0] = max(_TINY, x[1] - x[0])
    c[1] = (y[1] - y[0]) / d[0]
    for i in range(1, nm1):
        d[i] = max(_TINY, x[i + 1] - x[i])
        b[i] = 2.0 * (d[i - 1] + d[i])
        c[i + 1] = (y[i + 1] - y[i]) / d[i]
        c[i] = c[i + 1] - c[i]
    # End conditions: third derivatives at the ends from divided differences.
    b[0], b[nm1] = -d[0], -d[nm2]
    c[0] = c[nm1] = 0.0
    if n > 3:
        c[0] = c[2] / max(_TINY, x[3] - x[1]) - c[1] / max(_TINY, x[2] - x[0])
        c[nm1] = c[nm2] / max(_TINY, x[nm1] - x[n - 3]) - c[n - 3] / max(_TINY, x[nm2] - x[n - 4])
        c[0] = c[0] * d[0] * d[0] / max(_TINY, x[3] - x[0])
        c[nm1] = -c[nm1] * d[nm2] * d[nm2] / max(_TINY, x[nm1] - x[n - 4])
    for i in range(1, n):
        t = d[i - 1] / b[i - 1]
        b[i] -= t * d[i - 1]
        c[i] -= t * c[i - 1]
    c[nm1] /= b[nm1]
    for i in range(nm2, -1, -1):
        c[i] = (c[i] - d[i] * c[i + 1]) / b[i]
    # Polynomial coefficients on each interval.
    b[nm1] = (y[nm1] - y[nm2]) / d[nm2] + d[nm2] * (c[nm2] + 2.0 * c[nm1])
    for i in range(nm1):
        b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i])
        d[i] = (c[i + 1] - c[i]) / d[i]
        c[i] *= 3.0
    c[nm1] *= 3.0
    d[nm1] = d[nm2]
    return b, c, d
