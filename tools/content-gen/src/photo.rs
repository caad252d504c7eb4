//! Original photographs for the sample: scenes of Thanh Vân rendered pixel
//! by pixel (sky, hills, river, buildings, sunlight), with sensor-like
//! noise so that they compress like camera photographs, encoded as JPEG
//! (quality [`QUALITY`]) with an EXIF block written here ([`exif`]): camera
//! make and model, the time the picture was taken, where (GPS), and for
//! some an `Orientation` of 6 (the pixels are stored landscape, the picture
//! is shown portrait), as phones write them.
//!
//! Deterministic: every choice comes from [`Rng`], and the pixel arithmetic
//! uses only `+ - * /` and `sqrt` (correctly rounded everywhere) and a sine
//! of its own ([`sine`]): no platform `libm`, so the bytes are the same on
//! every machine and at every optimisation level.
//!
//! What this module deliberately does not do: decide which articles show
//! the photographs (`sample`), or write files (`dataset`).

use std::f32::consts::PI;

use crate::rng::Rng;

/// JPEG quality of every photograph.
pub const QUALITY: u8 = 90;

/// The camera the EXIF block names (fictional, like the city).
pub const MAKE: &str = "Thanh Van Optics";
pub const MODEL: &str = "TV-24 Mark II";

/// What a photograph shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoScene {
    /// A housing block going up: concrete frames, two tower cranes, morning.
    ConstructionSite,
    /// The river at dusk: lanterns along the bank, a lit bridge, a crowd.
    RiversideFestival,
    /// The new riverside park: trees, a path, lamp posts (portrait).
    RiversidePark,
    /// Ripe rice fields under hills, early morning.
    RiceHarvest,
    /// The stone embankment along the river (portrait).
    Embankment,
}

/// A point on Earth in degrees, minutes and hundredths of a second (EXIF
/// stores each as a rational): no floating point on the way to the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Coordinate {
    pub degrees: u32,
    pub minutes: u32,
    pub centiseconds: u32,
}

/// One photograph: what it shows, how big it is shown, and its EXIF.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhotoSpec {
    pub scene: PhotoScene,
    /// The size as shown, once `orientation` is applied.
    pub width: u32,
    pub height: u32,
    /// EXIF orientation: 1 (as stored) or 6 (stored rotated: turn the
    /// stored pixels 90° clockwise to show them).
    pub orientation: u16,
    /// `YYYY:MM:DD HH:MM:SS`, local time (UTC+7).
    pub taken: &'static str,
    /// North latitude and east longitude.
    pub latitude: Coordinate,
    pub longitude: Coordinate,
    pub seed: u64,
}

impl PhotoSpec {
    /// The stored pixel size (what the JPEG frame says).
    pub fn stored_size(&self) -> (u32, u32) {
        if self.orientation == 6 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

// ---------------------------------------------------------------------------
// Arithmetic that gives the same bits everywhere.


/// `sin(x)`, from `+ - *` only: the angle reduced to `[-π/2, π/2]`, then a
/// degree-9 Taylor polynomial (error under 4e-6, far below a pixel level).
pub fn sine(x: f32) -> f32 {
    let turns = (x / (2.0 * PI) + 0.5).floor();
    let mut r = x - turns * 2.0 * PI; // in [-π, π)
    if r > PI / 2.0 {
        r = PI - r;
    } else if r < -PI / 2.0 {
        r = -PI - r;
    }
    let r2 = r * r;
    r * (1.0 - r2 / 6.0 * (1.0 - r2 / 20.0 * (1.0 - r2 / 42.0 * (1.0 - r2 / 72.0))))
}

fn clamp01(v: f32) -> f32 {
    v.clamp(0.0, 1.0)
}

fn smooth(t: f32) -> f32 {
    let t = clamp01(t);
    t * t * (3.0 - 2.0 * t)
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t]
}

fn scale(c: [f32; 3], k: f32) -> [f32; 3] {
    [c[0] * k, c[1] * k, c[2] * k]
}

/// A random number in `0.0..1.0` with 24 bits.
fn unit(rng: &mut Rng) -> f32 {
    (rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32
}

/// A random number in `lo..hi`.
fn between(rng: &mut Rng, lo: f32, hi: f32) -> f32 {
    lo + (hi - lo) * unit(rng)
}

// ---------------------------------------------------------------------------
// The canvas: RGB, 8 bits, painted layer by layer.

struct Canvas {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

impl Canvas {
    fn new(width: u32, height: u32) -> Canvas {
        let (width, height) = (width as usize, height as usize);
        Canvas { width, height, pixels: vec![0; width * height * 3] }
    }

    /// Blends `color` (0–255 per channel) over the pixel with weight `alpha`.
    fn blend(&mut self, x: usize, y: usize, color: [f32; 3], alpha: f32) {
        let at = (y * self.width + x) * 3;
        for (channel, value) in color.iter().enumerate() {
            let old = self.pixels[at + channel] as f32;
            self.pixels[at + channel] = (old + (value - old) * alpha).clamp(0.0, 255.0) as u8;
        }
    }

    /// Adds `color * amount` to the pixel (light).
    fn add(&mut self, x: usize, y: usize, color: [f32; 3], amount: f32) {
        let at = (y * self.width + x) * 3;
        for (channel, value) in color.iter().enumerate() {
            let old = self.pixels[at + channel] as f32;
            self.pixels[at + channel] = (old + value * amount).clamp(0.0, 255.0) as u8;
        }
    }

    /// The pixel rows `y0..y1` and columns `x0..x1`, clipped to the canvas.
    fn clip(&self, x0: f32, y0: f32, x1: f32, y1: f32) -> (usize, usize, usize, usize) {
        let cx = |v: f32| (v.max(0.0) as usize).min(self.width);
        let cy = |v: f32| (v.max(0.0) as usize).min(self.height);
        (cx(x0), cy(y0), cx(x1), cy(y1))
    }

    /// Every row painted with `color(y)`.
    fn rows(&mut self, color: impl Fn(f32) -> [f32; 3]) {
        for y in 0..self.height {
            let c = color(y as f32 / self.height as f32);
            for x in 0..self.width {
                self.blend(x, y, c, 1.0);
            }
        }
    }

    fn rect(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, color: [f32; 3], alpha: f32) {
        let (x0, y0, x1, y1) = self.clip(x0, y0, x1, y1);
        for y in y0..y1 {
            for x in x0..x1 {
                self.blend(x, y, color, alpha);
            }
        }
    }

    /// A filled ellipse, its edge anti-aliased.
    fn ellipse(&mut self, cx: f32, cy: f32, rx: f32, ry: f32, color: [f32; 3], alpha: f32) {
        let (x0, y0, x1, y1) = self.clip(cx - rx - 2.0, cy - ry - 2.0, cx + rx + 2.0, cy + ry + 2.0);
        for y in y0..y1 {
            let dy = (y as f32 - cy) / ry;
            for x in x0..x1 {
                let dx = (x as f32 - cx) / rx;
                let d = (dx * dx + dy * dy).sqrt();
                let edge = clamp01((1.0 - d) * rx.min(ry) / 1.5);
                if edge > 0.0 {
                    self.blend(x, y, color, alpha * edge);
                }
            }
        }
    }

    /// Light around a point: `color` (its hue, 0–255) scaled so that the
    /// brightest channel adds `strength` levels at the centre, fading as
    /// `(1 - d²/r²)²` to nothing at `radius`.
    fn glow(&mut self, cx: f32, cy: f32, radius: f32, color: [f32; 3], strength: f32) {
        let strength = strength / color[0].max(color[1]).max(color[2]).max(1.0);
        let (x0, y0, x1, y1) = self.clip(cx - radius, cy - radius, cx + radius, cy + radius);
        let r2 = radius * radius;
        for y in y0..y1 {
            let dy = y as f32 - cy;
            for x in x0..x1 {
                let dx = x as f32 - cx;
                let f = 1.0 - (dx * dx + dy * dy) / r2;
                if f > 0.0 {
                    self.add(x, y, color, strength * f * f);
                }
            }
        }
    }

    /// A straight stroke `width` pixels wide from `(x0, y0)` to `(x1, y1)`.
    #[allow(clippy::too_many_arguments)]
    fn line(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, width: f32, color: [f32; 3], alpha: f32) {
        let half = width / 2.0 + 1.0;
        let (bx0, by0, bx1, by1) =
            self.clip(x0.min(x1) - half, y0.min(y1) - half, x0.max(x1) + half, y0.max(y1) + half);
        let (vx, vy) = (x1 - x0, y1 - y0);
        let length2 = (vx * vx + vy * vy).max(1e-6);
        for y in by0..by1 {
            for x in bx0..bx1 {
                let (px, py) = (x as f32 - x0, y as f32 - y0);
                let t = clamp01((px * vx + py * vy) / length2);
                let (dx, dy) = (px - vx * t, py - vy * t);
                let d = (dx * dx + dy * dy).sqrt();
                let edge = clamp01(width / 2.0 + 0.5 - d);
                if edge > 0.0 {
                    self.blend(x, y, color, alpha * edge);
                }
            }
        }
    }

    /// Everything below `ridge[x]` painted with `color(x, y, depth)`, where
    /// depth is the distance below the ridge in pixels.
    fn below(&mut self, ridge: &[f32], bottom: f32, color: impl Fn(usize, usize, f32) -> [f32; 3]) {
        let bottom = (bottom.max(0.0) as usize).min(self.height);
        for (x, &top) in ridge.iter().enumerate().take(self.width) {
            let first = top.max(0.0) as usize;
            for y in first..bottom {
                let depth = y as f32 - top;
                // The ridge line itself is anti-aliased.
                let alpha = clamp01(depth + 1.0);
                self.blend(x, y, color(x, y, depth), alpha);
            }
        }
    }

    /// The finish every photograph gets: sensor noise (luminance and a
    /// little chroma) and a slight vignette.
    fn develop(&mut self, rng: &mut Rng, noise: f32) {
        let (w, h) = (self.width as f32, self.height as f32);
        let diagonal2 = (w * w + h * h) / 4.0;
        for y in 0..self.height {
            let dy = y as f32 - h / 2.0;
            for x in 0..self.width {
                let dx = x as f32 - w / 2.0;
                let vignette = 1.0 - 0.22 * (dx * dx + dy * dy) / diagonal2;
                let bits = rng.next_u64();
                let byte = |n: u32| ((bits >> n) & 0xff) as f32;
                let luma = (byte(0) + byte(8) - 255.0) / 255.0 * noise;
                let at = (y * self.width + x) * 3;
                for channel in 0..3 {
                    let chroma = (byte(16 + 8 * channel as u32) - 127.5) / 127.5 * noise * 0.3;
                    let old = self.pixels[at + channel] as f32;
                    self.pixels[at + channel] = (old * vignette + luma + chroma).round().clamp(0.0, 255.0) as u8;
                }
            }
        }
    }

    /// The pixels as stored for EXIF orientation 6: turned 90° counter-
    /// clockwise, so that a viewer turning them clockwise shows this canvas.
    /// Stored `(sx, sy)` is shown at `(width - 1 - sy, sx)`.
    fn stored_for_orientation_6(&self) -> Vec<u8> {
        let (stored_width, stored_height) = (self.height, self.width);
        let mut out = vec![0; self.pixels.len()];
        for sy in 0..stored_height {
            let x = self.width - 1 - sy;
            for sx in 0..stored_width {
                let from = (sx * self.width + x) * 3;
                let to = (sy * stored_width + sx) * 3;
                out[to..to + 3].copy_from_slice(&self.pixels[from..from + 3]);
            }
        }
        out
    }
}

/// The sun: a bright disc in a halo, at `(x, y)`, `size` pixels across.
fn sun(canvas: &mut Canvas, x: f32, y: f32, size: f32) {
    canvas.glow(x, y, size * 6.0, [255.0, 244.0, 220.0], 140.0);
    canvas.ellipse(x, y, size / 2.0, size / 2.0, [255.0, 252.0, 240.0], 1.0);
}

/// A ridge line: `base` plus a few sine waves of random phase, in pixels.
fn ridge(rng: &mut Rng, width: usize, base: f32, amplitude: f32, waves: usize) -> Vec<f32> {
    let parts: Vec<(f32, f32, f32)> = (0..waves)
        .map(|i| {
            let frequency = (i as f32 + 1.0) * between(rng, 0.8, 1.6) * 2.0 * PI / width as f32;
            (frequency, between(rng, 0.0, 2.0 * PI), amplitude / (i as f32 + 1.0))
        })
        .collect();
    (0..width)
        .map(|x| base - parts.iter().map(|&(f, phase, a)| a * sine(f * x as f32 + phase)).sum::<f32>())
        .collect()
}

/// A sky from `top` to `horizon` colour down to `horizon_y` (a fraction of
/// the height), with soft clouds.
fn sky(canvas: &mut Canvas, top: [f32; 3], horizon: [f32; 3], horizon_y: f32) {
    canvas.rows(|t| mix(top, horizon, smooth(t / horizon_y)));
}

fn clouds(canvas: &mut Canvas, rng: &mut Rng, count: usize, band: (f32, f32), color: [f32; 3], alpha: f32) {
    let (w, h) = (canvas.width as f32, canvas.height as f32);
    for _ in 0..count {
        let (cx, cy) = (between(rng, 0.0, w), between(rng, band.0, band.1) * h);
        let size = between(rng, 0.04, 0.12) * w;
        for _ in 0..6 {
            let (ox, oy) = (between(rng, -1.0, 1.0) * size, between(rng, -0.25, 0.25) * size);
            let r = between(rng, 0.3, 0.7) * size;
            canvas.ellipse(cx + ox, cy + oy, r, r * 0.45, color, alpha);
        }
    }
}

/// A tree: a trunk and a crown of overlapping leaf clusters.
fn tree(canvas: &mut Canvas, rng: &mut Rng, x: f32, ground: f32, height: f32, leaf: [f32; 3]) {
    let trunk = height * 0.06;
    canvas.rect(x - trunk / 2.0, ground - height * 0.45, x + trunk / 2.0, ground, [74.0, 56.0, 40.0], 1.0);
    let crown_y = ground - height * 0.62;
    for _ in 0..14 {
        let (ox, oy) = (between(rng, -0.28, 0.28) * height, between(rng, -0.28, 0.2) * height);
        let r = between(rng, 0.12, 0.22) * height;
        let shade = between(rng, 0.7, 1.15) * if oy < 0.0 { 1.1 } else { 0.85 };
        canvas.ellipse(x + ox, crown_y + oy, r, r * 0.85, scale(leaf, shade), 0.92);
    }
}

// ---------------------------------------------------------------------------
// The scenes, drawn at the size they are shown.

fn construction_site(canvas: &mut Canvas, rng: &mut Rng) {
    let (w, h) = (canvas.width as f32, canvas.height as f32);
    sky(canvas, [62.0, 118.0, 196.0], [196.0, 218.0, 232.0], 0.62);
    canvas.glow(w * 0.12, h * 0.08, w * 0.45, [255.0, 236.0, 190.0], 70.0);
    sun(canvas, w * 0.12, h * 0.08, w * 0.03);
    clouds(canvas, rng, 7, (0.08, 0.38), [250.0, 250.0, 252.0], 0.35);
    let far = ridge(rng, canvas.width, h * 0.56, h * 0.05, 4);
    canvas.below(&far, h, |_, _, depth| mix([138.0, 158.0, 178.0], [96.0, 122.0, 110.0], clamp01(depth / (h * 0.2))));
    // Three blocks of flats at different stages, behind a site fence.
    let blocks = [(0.30, 0.25, 11.0), (0.52, 0.34, 8.0), (0.70, 0.43, 5.0)];
    for (left, width, floors) in blocks {
        let (x0, x1) = (left * w, (left + width * 0.55) * w);
        let floor_height = h * 0.045;
        let base = h * 0.78;
        let top = base - floors * floor_height;
        canvas.rect(x0, top, x1, base, [168.0, 166.0, 160.0], 1.0);
        canvas.rect(x1, top + floor_height * 0.2, x1 + w * 0.02, base, [120.0, 118.0, 114.0], 1.0);
        for floor in 0..floors as usize {
            let y = top + floor as f32 * floor_height;
            canvas.rect(x0, y, x1 + w * 0.02, y + floor_height * 0.18, [196.0, 194.0, 188.0], 1.0);
            let bays = ((x1 - x0) / (w * 0.035)) as usize;
            for bay in 0..bays {
                let bx = x0 + (bay as f32 + 0.2) * (x1 - x0) / bays as f32;
                let dark = between(rng, 28.0, 60.0);
                canvas.rect(bx, y + floor_height * 0.3, bx + (x1 - x0) / bays as f32 * 0.6, y + floor_height * 0.92, [dark, dark * 1.02, dark * 1.08], 1.0);
            }
        }
        // Green safety netting on the top floors.
        canvas.rect(x0 - w * 0.004, top - floor_height * 0.9, x1 + w * 0.024, top + floor_height * 1.2, [46.0, 120.0, 84.0], 0.78);
    }
    // Two tower cranes.
    for (mast_x, mast_top, jib_left, jib_right) in [(0.44, 0.14, 0.22, 0.78), (0.83, 0.22, 0.62, 0.98)] {
        let (mx, top, base) = (mast_x * w, mast_top * h, h * 0.78);
        let yellow = [232.0, 178.0, 36.0];
        let mast = w * 0.011;
        canvas.line(mx - mast, top, mx - mast, base, w * 0.0025, yellow, 1.0);
        canvas.line(mx + mast, top, mx + mast, base, w * 0.0025, yellow, 1.0);
        let mut y = top;
        while y < base {
            canvas.line(mx - mast, y, mx + mast, y + mast * 2.0, w * 0.0012, yellow, 1.0);
            canvas.line(mx + mast, y + mast * 2.0, mx - mast, y + mast * 4.0, w * 0.0012, yellow, 1.0);
            y += mast * 4.0;
        }
        canvas.rect(jib_left * w, top - h * 0.012, jib_right * w, top, yellow, 1.0);
        canvas.line(mx, top - h * 0.06, jib_right * w, top - h * 0.012, w * 0.0012, [60.0, 60.0, 60.0], 1.0);
        canvas.line(mx, top - h * 0.06, jib_left * w, top - h * 0.012, w * 0.0012, [60.0, 60.0, 60.0], 1.0);
        canvas.rect(jib_left * w, top - h * 0.004, jib_left * w + w * 0.04, top + h * 0.03, [90.0, 92.0, 96.0], 1.0);
        canvas.rect(mx - mast * 1.6, top, mx + mast * 1.6, top + h * 0.025, [70.0, 80.0, 92.0], 1.0);
        let hook_x = between(rng, 0.6, 0.9) * (jib_right * w - mx) + mx;
        let hook_y = between(rng, 0.35, 0.55) * h;
        canvas.line(hook_x, top, hook_x, hook_y, w * 0.0008, [40.0, 40.0, 40.0], 1.0);
        canvas.rect(hook_x - w * 0.02, hook_y, hook_x + w * 0.02, hook_y + h * 0.012, [140.0, 70.0, 50.0], 1.0);
    }
    // Red earth, tyre tracks, the fence.
    let ground = vec![h * 0.78; canvas.width];
    canvas.below(&ground, h, |x, y, depth| {
        let track = sine(x as f32 * 0.004 + depth * 0.01) * 0.5 + 0.5;
        let t = clamp01(depth / (h * 0.22));
        scale(mix([176.0, 128.0, 96.0], [150.0, 96.0, 66.0], t), 0.9 + 0.1 * track * (1.0 - (y as f32 / h - 0.9).abs()))
    });
    canvas.rect(0.0, h * 0.8, w, h * 0.86, [52.0, 110.0, 150.0], 1.0);
    for post in 0..40 {
        let x = post as f32 * w / 40.0;
        canvas.rect(x, h * 0.795, x + w * 0.003, h * 0.862, [210.0, 210.0, 210.0], 1.0);
    }
}

fn riverside_festival(canvas: &mut Canvas, rng: &mut Rng) {
    let (w, h) = (canvas.width as f32, canvas.height as f32);
    sky(canvas, [28.0, 36.0, 92.0], [238.0, 132.0, 72.0], 0.5);
    canvas.glow(w * 0.7, h * 0.5, w * 0.4, [255.0, 150.0, 80.0], 60.0);
    sun(canvas, w * 0.7, h * 0.47, w * 0.04);
    clouds(canvas, rng, 5, (0.1, 0.3), [120.0, 80.0, 120.0], 0.3);
    let far = ridge(rng, canvas.width, h * 0.46, h * 0.04, 3);
    canvas.below(&far, h * 0.56, |_, _, _| [52.0, 44.0, 70.0]);
    // The far bank with the city's lights.
    let bank = vec![h * 0.5; canvas.width];
    canvas.below(&bank, h * 0.56, |_, _, _| [34.0, 30.0, 48.0]);
    for _ in 0..160 {
        let (x, y) = (between(rng, 0.0, w), between(rng, 0.5, 0.55) * h);
        canvas.glow(x, y, w * 0.004, [255.0, 214.0, 140.0], 160.0);
    }
    // The river: the sky mirrored, rippled, darker.
    let water_top = h * 0.56;
    for y in water_top as usize..canvas.height {
        let mirror = (2.0 * water_top - y as f32).max(0.0) as usize;
        for x in 0..canvas.width {
            let at = (mirror.min(canvas.height - 1) * canvas.width + x) * 3;
            let reflected = [canvas.pixels[at] as f32, canvas.pixels[at + 1] as f32, canvas.pixels[at + 2] as f32];
            let ripple = sine(y as f32 * 0.09 + sine(x as f32 * 0.004) * 3.0) * 0.12 + 0.78;
            canvas.blend(x, y, scale(reflected, ripple * (0.85 - 0.3 * (y as f32 - water_top) / h)), 1.0);
        }
    }
    // The bridge: deck, piers, lamps and their reflections.
    canvas.rect(0.0, h * 0.44, w * 0.55, h * 0.455, [30.0, 26.0, 40.0], 1.0);
    for pier in 0..6 {
        let x = pier as f32 * w * 0.1;
        canvas.rect(x, h * 0.455, x + w * 0.012, h * 0.56, [26.0, 22.0, 34.0], 1.0);
    }
    for lamp in 0..22 {
        let x = lamp as f32 * w * 0.025;
        canvas.glow(x, h * 0.438, w * 0.008, [255.0, 230.0, 170.0], 220.0);
        canvas.glow(x, h * 0.68, w * 0.006, [255.0, 200.0, 120.0], 50.0);
    }
    // The near bank: a promenade, a string of lanterns, the crowd.
    canvas.rect(0.0, h * 0.84, w, h, [40.0, 34.0, 38.0], 1.0);
    canvas.rect(0.0, h * 0.835, w, h * 0.845, [90.0, 80.0, 70.0], 1.0);
    let mut x = -w * 0.02;
    while x < w {
        let sag = sine(x / w * 9.0 * PI).abs() * h * 0.03;
        let y = h * 0.72 + sag;
        let colors = [[232.0, 52.0, 40.0], [250.0, 190.0, 60.0], [240.0, 110.0, 40.0]];
        let color = colors[rng.index(colors.len())];
        canvas.glow(x, y, w * 0.03, color, 40.0);
        canvas.ellipse(x, y, w * 0.007, w * 0.009, color, 1.0);
        canvas.glow(x, y, w * 0.008, [255.0, 240.0, 200.0], 120.0);
        x += w * 0.028;
    }
    for _ in 0..260 {
        let x = between(rng, 0.0, w);
        let tall = between(rng, 0.07, 0.11) * h;
        let base = h * between(rng, 0.9, 1.02);
        let shade = between(rng, 12.0, 40.0);
        canvas.ellipse(x, base - tall * 0.45, tall * 0.2, tall * 0.5, [shade, shade * 0.9, shade * 1.1], 1.0);
        canvas.ellipse(x, base - tall, tall * 0.11, tall * 0.13, [shade * 1.2, shade, shade], 1.0);
    }
}

fn riverside_park(canvas: &mut Canvas, rng: &mut Rng) {
    let (w, h) = (canvas.width as f32, canvas.height as f32);
    sky(canvas, [86.0, 146.0, 214.0], [214.0, 228.0, 236.0], 0.42);
    canvas.glow(w * 0.85, h * 0.06, w * 0.7, [255.0, 240.0, 200.0], 60.0);
    sun(canvas, w * 0.85, h * 0.06, w * 0.04);
    clouds(canvas, rng, 6, (0.05, 0.3), [252.0, 252.0, 255.0], 0.4);
    let far = ridge(rng, canvas.width, h * 0.4, h * 0.02, 3);
    canvas.below(&far, h, |_, _, depth| mix([120.0, 150.0, 150.0], [70.0, 110.0, 80.0], clamp01(depth / (h * 0.05))));
    // The river across the middle, reflecting the sky.
    let water = ridge(rng, canvas.width, h * 0.45, h * 0.008, 2);
    canvas.below(&water, h * 0.58, |x, y, _| {
        let ripple = sine(y as f32 * 0.12 + sine(x as f32 * 0.01) * 2.0) * 0.06 + 0.94;
        scale([120.0, 164.0, 196.0], ripple)
    });
    // Lawns on the near bank.
    let lawn = ridge(rng, canvas.width, h * 0.58, h * 0.01, 2);
    canvas.below(&lawn, h, |x, y, depth| {
        let blades = sine(x as f32 * 0.9 + sine(y as f32 * 0.05) * 4.0) * 0.06 + 1.0;
        scale(mix([96.0, 150.0, 70.0], [60.0, 118.0, 48.0], clamp01(depth / (h * 0.4))), blades)
    });
    // The path, widening towards the camera.
    for y in (h * 0.58) as usize..canvas.height {
        let t = (y as f32 - h * 0.58) / (h * 0.42);
        let centre = w * (0.5 + 0.18 * sine(t * 2.4 + 0.6));
        let half = w * (0.02 + 0.3 * t * t);
        let (x0, x1) = (((centre - half).max(0.0)) as usize, ((centre + half).min(w)) as usize);
        for x in x0..x1 {
            let tile = if (x / 40 + y / 40).is_multiple_of(2) { 1.0 } else { 0.94 };
            canvas.blend(x, y, scale([198.0, 186.0, 164.0], tile), 1.0);
        }
    }
    // Trees and lamp posts along both sides.
    for i in 0..9 {
        let side = if i % 2 == 0 { 0.12 } else { 0.88 };
        let t = i as f32 / 9.0;
        let ground = h * (0.6 + 0.38 * t * t);
        let height = h * (0.08 + 0.3 * t * t);
        let x = w * (side + between(rng, -0.06, 0.06));
        tree(canvas, rng, x, ground, height, [60.0, 128.0, 56.0]);
        let lamp_x = w * if side < 0.5 { side + 0.16 } else { side - 0.16 };
        canvas.rect(lamp_x, ground - height * 0.8, lamp_x + height * 0.02, ground, [50.0, 54.0, 58.0], 1.0);
        canvas.ellipse(lamp_x + height * 0.01, ground - height * 0.82, height * 0.04, height * 0.03, [240.0, 240.0, 230.0], 1.0);
    }
}

fn rice_harvest(canvas: &mut Canvas, rng: &mut Rng) {
    let (w, h) = (canvas.width as f32, canvas.height as f32);
    sky(canvas, [104.0, 160.0, 220.0], [236.0, 226.0, 196.0], 0.45);
    canvas.glow(w * 0.3, h * 0.3, w * 0.6, [255.0, 226.0, 160.0], 70.0);
    sun(canvas, w * 0.3, h * 0.3, w * 0.03);
    clouds(canvas, rng, 8, (0.06, 0.3), [255.0, 252.0, 246.0], 0.45);
    let far = ridge(rng, canvas.width, h * 0.4, h * 0.06, 4);
    canvas.below(&far, h, |_, _, depth| mix([130.0, 154.0, 170.0], [84.0, 120.0, 96.0], clamp01(depth / (h * 0.1))));
    let near = ridge(rng, canvas.width, h * 0.46, h * 0.02, 3);
    canvas.below(&near, h, |_, _, _| [70.0, 112.0, 60.0]);
    // The fields: rows converging on a point above the horizon.
    let horizon = h * 0.5;
    let (vx, vy) = (w * 0.55, h * 0.38);
    let field = vec![horizon; canvas.width];
    canvas.below(&field, h, |x, y, depth| {
        let along = (x as f32 - vx) / (y as f32 - vy);
        let rows = sine(along * 60.0) * 0.5 + 0.5;
        let ear = sine(x as f32 * 1.7 + y as f32 * 0.9) * 0.5 + 0.5;
        let t = clamp01(depth / (h * 0.5));
        let gold = mix([214.0, 176.0, 70.0], [196.0, 146.0, 40.0], t);
        scale(gold, 0.82 + 0.12 * rows + 0.08 * ear * t)
    });
    // A dyke with palms, and farmers with conical hats.
    canvas.rect(0.0, h * 0.62, w, h * 0.635, [120.0, 104.0, 70.0], 1.0);
    for i in 0..5 {
        let x = w * (0.08 + 0.2 * i as f32 + between(rng, -0.03, 0.03));
        let top = h * between(rng, 0.44, 0.5);
        canvas.line(x, h * 0.625, x + w * 0.01, top, w * 0.004, [90.0, 74.0, 52.0], 1.0);
        for leaf in 0..8 {
            let angle = leaf as f32 / 8.0 * 2.0 * PI;
            let (dx, dy) = (sine(angle + PI / 2.0) * w * 0.035, sine(angle) * h * 0.025 + h * 0.01);
            canvas.line(x + w * 0.01, top, x + w * 0.01 + dx, top + dy, w * 0.003, [52.0, 96.0, 44.0], 1.0);
        }
    }
    for _ in 0..6 {
        let x = between(rng, 0.1, 0.9) * w;
        let y = between(rng, 0.7, 0.9) * h;
        let size = h * 0.02 * (y / h) * 2.0;
        canvas.ellipse(x, y, size * 0.5, size, [60.0, 70.0, 110.0], 1.0);
        canvas.line(x - size * 1.1, y - size * 0.8, x, y - size * 1.6, size * 0.25, [236.0, 226.0, 190.0], 1.0);
        canvas.line(x + size * 1.1, y - size * 0.8, x, y - size * 1.6, size * 0.25, [236.0, 226.0, 190.0], 1.0);
    }
}

fn embankment(canvas: &mut Canvas, rng: &mut Rng) {
    let (w, h) = (canvas.width as f32, canvas.height as f32);
    sky(canvas, [70.0, 130.0, 200.0], [206.0, 220.0, 230.0], 0.36);
    canvas.glow(w * 0.2, h * 0.05, w * 0.7, [255.0, 236.0, 200.0], 60.0);
    sun(canvas, w * 0.2, h * 0.05, w * 0.04);
    clouds(canvas, rng, 5, (0.04, 0.26), [250.0, 250.0, 252.0], 0.4);
    let far = ridge(rng, canvas.width, h * 0.34, h * 0.015, 3);
    canvas.below(&far, h, |_, _, _| [104.0, 130.0, 126.0]);
    // A bridge far off.
    canvas.rect(w * 0.3, h * 0.325, w, h * 0.333, [90.0, 96.0, 104.0], 1.0);
    for pier in 0..7 {
        let x = w * (0.34 + pier as f32 * 0.1);
        canvas.rect(x, h * 0.333, x + w * 0.006, h * 0.36, [84.0, 90.0, 98.0], 1.0);
    }
    // The river on the right, the embankment slanting down to the left.
    let water = vec![h * 0.36; canvas.width];
    canvas.below(&water, h, |x, y, _| {
        let ripple = sine(y as f32 * 0.05 + sine(x as f32 * 0.006) * 2.5) * 0.07 + 0.93;
        scale([96.0, 132.0, 150.0], ripple * (0.9 + 0.1 * y as f32 / h))
    });
    for y in (h * 0.36) as usize..canvas.height {
        let t = (y as f32 - h * 0.36) / (h * 0.64);
        let edge = w * (0.42 + 0.5 * t);
        let crest = edge - w * (0.05 + 0.25 * t);
        for x in 0..(edge.min(w) as usize) {
            let color = if (x as f32) < crest {
                // The walkway on top, then grass.
                let grass = sine(x as f32 * 0.7 + y as f32 * 0.3) * 0.05 + 1.0;
                if (x as f32) > crest - w * (0.04 + 0.2 * t) {
                    [176.0, 168.0, 156.0]
                } else {
                    scale([84.0, 136.0, 64.0], grass)
                }
            } else {
                // Stone blocks, in courses, lighter at the top.
                let block = 20.0 + 90.0 * t;
                let course = (y as f32 / (block * 0.6)) as usize;
                let offset = if course.is_multiple_of(2) { 0.0 } else { block / 2.0 };
                let joint = ((x as f32 + offset) % block) < block * 0.06 || (y as f32 % (block * 0.6)) < block * 0.04;
                if joint {
                    [88.0, 86.0, 84.0]
                } else {
                    scale([156.0, 152.0, 146.0], 0.9 + 0.1 * sine((x / 7) as f32 + course as f32))
                }
            };
            canvas.blend(x, y, color, 1.0);
        }
    }
    // Railing posts along the walkway.
    for i in 0..14 {
        let t = i as f32 / 14.0;
        let y = h * (0.36 + 0.64 * t * t);
        let t_here = (y - h * 0.36) / (h * 0.64);
        let x = w * (0.42 + 0.5 * t_here) - w * (0.05 + 0.25 * t_here);
        let tall = h * (0.01 + 0.08 * t_here);
        canvas.rect(x - tall * 0.05, y - tall, x + tall * 0.05, y, [220.0, 220.0, 216.0], 1.0);
    }
    for _ in 0..3 {
        let x = between(rng, 0.05, 0.3) * w;
        let ground = between(rng, 0.55, 0.75) * h;
        tree(canvas, rng, x, ground, h * 0.2, [58.0, 120.0, 52.0]);
    }
}

// ---------------------------------------------------------------------------
// EXIF: a little TIFF file in an APP1 segment.

/// TIFF field types used here.
const ASCII: u16 = 2;
const SHORT: u16 = 3;
const LONG: u16 = 4;
const RATIONAL: u16 = 5;
const UNDEFINED: u16 = 7;
const BYTE: u16 = 1;

/// One IFD entry: tag, type, count and the value's bytes (little-endian).
struct Entry {
    tag: u16,
    kind: u16,
    count: u32,
    value: Vec<u8>,
}

fn ascii(tag: u16, text: &str) -> Entry {
    let mut value = text.as_bytes().to_vec();
    value.push(0);
    Entry { tag, kind: ASCII, count: value.len() as u32, value }
}

fn short(tag: u16, number: u16) -> Entry {
    Entry { tag, kind: SHORT, count: 1, value: number.to_le_bytes().to_vec() }
}

fn long(tag: u16, number: u32) -> Entry {
    Entry { tag, kind: LONG, count: 1, value: number.to_le_bytes().to_vec() }
}

fn rationals(tag: u16, parts: &[(u32, u32)]) -> Entry {
    let value = parts.iter().flat_map(|(n, d)| n.to_le_bytes().into_iter().chain(d.to_le_bytes())).collect();
    Entry { tag, kind: RATIONAL, count: parts.len() as u32, value }
}

/// The bytes an IFD of `entries` takes, its values included (each value
/// longer than 4 bytes after the IFD, at an even offset).
fn ifd_size(entries: &[Entry]) -> usize {
    2 + entries.len() * 12 + 4 + entries.iter().filter(|e| e.value.len() > 4).map(|e| e.value.len().next_multiple_of(2)).sum::<usize>()
}

/// Appends an IFD starting at `offset` (from the TIFF header) to `out`,
/// entries sorted by tag as TIFF requires, no next IFD.
fn write_ifd(out: &mut Vec<u8>, offset: usize, mut entries: Vec<Entry>) {
    entries.sort_by_key(|entry| entry.tag);
    let mut data_at = offset + 2 + entries.len() * 12 + 4;
    let mut data = Vec::new();
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for entry in &entries {
        out.extend_from_slice(&entry.tag.to_le_bytes());
        out.extend_from_slice(&entry.kind.to_le_bytes());
        out.extend_from_slice(&entry.count.to_le_bytes());
        if entry.value.len() <= 4 {
            let mut inline = entry.value.clone();
            inline.resize(4, 0);
            out.extend_from_slice(&inline);
        } else {
            out.extend_from_slice(&(data_at as u32).to_le_bytes());
            data.extend_from_slice(&entry.value);
            if entry.value.len() % 2 == 1 {
                data.push(0);
            }
            data_at = offset + 2 + entries.len() * 12 + 4 + data.len();
        }
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&data);
}

fn coordinate(c: Coordinate) -> [(u32, u32); 3] {
    [(c.degrees, 1), (c.minutes, 1), (c.centiseconds, 100)]
}

/// The APP1 segment (marker included) carrying the photograph's EXIF:
/// IFD0 (Make, Model, Orientation, Software, DateTime, the Exif and GPS
/// IFD pointers), the Exif IFD (ExifVersion, DateTimeOriginal,
/// OffsetTimeOriginal, the pixel size as shown) and the GPS IFD (version,
/// latitude and longitude with their references), little-endian.
pub fn exif(spec: &PhotoSpec) -> Vec<u8> {
    let ifd0 = |exif_at: u32, gps_at: u32| {
        vec![
            ascii(0x010F, MAKE),
            ascii(0x0110, MODEL),
            short(0x0112, spec.orientation),
            ascii(0x0131, "content-gen (Ban tin)"),
            ascii(0x0132, spec.taken),
            long(0x8769, exif_at),
            long(0x8825, gps_at),
        ]
    };
    let exif_ifd = vec![
        Entry { tag: 0x9000, kind: UNDEFINED, count: 4, value: b"0232".to_vec() },
        ascii(0x9003, spec.taken),
        ascii(0x9011, "+07:00"),
        long(0xA002, spec.width),
        long(0xA003, spec.height),
    ];
    let gps_ifd = vec![
        Entry { tag: 0x0000, kind: BYTE, count: 4, value: vec![2, 3, 0, 0] },
        ascii(0x0001, "N"),
        rationals(0x0002, &coordinate(spec.latitude)),
        ascii(0x0003, "E"),
        rationals(0x0004, &coordinate(spec.longitude)),
    ];
    let header = 8;
    let exif_at = header + ifd_size(&ifd0(0, 0));
    let gps_at = exif_at + ifd_size(&exif_ifd);
    let mut tiff = b"II*\0".to_vec();
    tiff.extend_from_slice(&(header as u32).to_le_bytes());
    write_ifd(&mut tiff, header, ifd0(exif_at as u32, gps_at as u32));
    debug_assert_eq!(tiff.len(), exif_at);
    write_ifd(&mut tiff, exif_at, exif_ifd);
    debug_assert_eq!(tiff.len(), gps_at);
    write_ifd(&mut tiff, gps_at, gps_ifd);

    let mut segment = vec![0xFF, 0xE1];
    let length = (2 + 6 + tiff.len()) as u16;
    segment.extend_from_slice(&length.to_be_bytes());
    segment.extend_from_slice(b"Exif\0\0");
    segment.extend_from_slice(&tiff);
    segment
}

// ---------------------------------------------------------------------------
// The photograph.

/// Renders `spec`'s scene and encodes it: a JPEG file, its EXIF segment
/// right after the start-of-image marker.
pub fn render(spec: &PhotoSpec) -> Vec<u8> {
    let mut rng = Rng::new(spec.seed);
    let mut canvas = Canvas::new(spec.width, spec.height);
    match spec.scene {
        PhotoScene::ConstructionSite => construction_site(&mut canvas, &mut rng),
        PhotoScene::RiversideFestival => riverside_festival(&mut canvas, &mut rng),
        PhotoScene::RiversidePark => riverside_park(&mut canvas, &mut rng),
        PhotoScene::RiceHarvest => rice_harvest(&mut canvas, &mut rng),
        PhotoScene::Embankment => embankment(&mut canvas, &mut rng),
    }
    canvas.develop(&mut rng, NOISE);
    let (stored_width, stored_height) = spec.stored_size();
    let pixels = if spec.orientation == 6 { canvas.stored_for_orientation_6() } else { canvas.pixels };
    let mut jpeg = Vec::with_capacity(pixels.len() / 6);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, QUALITY)
        .encode(&pixels, stored_width, stored_height, image::ExtendedColorType::Rgb8)
        .expect("an RGB buffer of the stated size always encodes");
    let mut out = Vec::with_capacity(jpeg.len() + 512);
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&exif(spec));
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// How strong the sensor noise is (in 8-bit levels, luminance).
const NOISE: f32 = 5.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sine_is_close_to_the_real_one() {
        for i in -2000..2000 {
            let x = i as f32 * 0.013;
            assert!((sine(x) - x.sin()).abs() < 1e-4, "{x}: {} vs {}", sine(x), x.sin());
        }
    }

    /// Reads back an IFD: (tag, type, count, value or offset).
    fn read_ifd(tiff: &[u8], at: usize) -> Vec<(u16, u16, u32, u32)> {
        let u16_at = |i: usize| u16::from_le_bytes([tiff[i], tiff[i + 1]]);
        let u32_at = |i: usize| u32::from_le_bytes([tiff[i], tiff[i + 1], tiff[i + 2], tiff[i + 3]]);
        (0..u16_at(at) as usize)
            .map(|n| {
                let e = at + 2 + n * 12;
                (u16_at(e), u16_at(e + 2), u32_at(e + 4), u32_at(e + 8))
            })
            .collect()
    }

    #[test]
    fn the_exif_block_holds_what_it_says_at_the_offsets_it_gives() {
        let spec = PhotoSpec {
            scene: PhotoScene::RiceHarvest,
            width: 30,
            height: 40,
            orientation: 6,
            taken: "2024:04:23 07:58:12",
            latitude: Coordinate { degrees: 16, minutes: 3, centiseconds: 1234 },
            longitude: Coordinate { degrees: 108, minutes: 12, centiseconds: 567 },
            seed: 1,
        };
        let segment = exif(&spec);
        assert_eq!(&segment[..2], &[0xFF, 0xE1]);
        assert_eq!(u16::from_be_bytes([segment[2], segment[3]]) as usize, segment.len() - 2);
        assert_eq!(&segment[4..10], b"Exif\0\0");
        let tiff = &segment[10..];
        assert_eq!(&tiff[..8], b"II*\0\x08\0\0\0");
        let ifd0 = read_ifd(tiff, 8);
        let tags: Vec<u16> = ifd0.iter().map(|e| e.0).collect();
        assert_eq!(tags, [0x010F, 0x0110, 0x0112, 0x0131, 0x0132, 0x8769, 0x8825], "sorted");
        let text = |entry: &(u16, u16, u32, u32)| {
            let (at, len) = (entry.3 as usize, entry.2 as usize);
            let bytes = if len <= 4 { entry.3.to_le_bytes()[..len].to_vec() } else { tiff[at..at + len].to_vec() };
            String::from_utf8(bytes).unwrap()
        };
        assert_eq!(text(&ifd0[0]), "Thanh Van Optics\0");
        assert_eq!(text(&ifd0[1]), "TV-24 Mark II\0");
        assert_eq!((ifd0[2].1, ifd0[2].2, ifd0[2].3), (SHORT, 1, 6));
        let exif_ifd = read_ifd(tiff, ifd0[5].3 as usize);
        let original = exif_ifd.iter().find(|e| e.0 == 0x9003).unwrap();
        assert_eq!(text(original), "2024:04:23 07:58:12\0");
        let gps = read_ifd(tiff, ifd0[6].3 as usize);
        assert_eq!(text(&gps[1]), "N\0");
        let latitude = gps.iter().find(|e| e.0 == 0x0002).unwrap();
        assert_eq!((latitude.1, latitude.2), (RATIONAL, 3));
        let r = |i: usize| u32::from_le_bytes(tiff[i..i + 4].try_into().unwrap());
        let at = latitude.3 as usize;
        assert_eq!([r(at), r(at + 4), r(at + 8), r(at + 12), r(at + 16), r(at + 20)], [16, 1, 3, 1, 1234, 100]);
        let longitude = gps.iter().find(|e| e.0 == 0x0004).unwrap();
        assert_eq!(r(longitude.3 as usize), 108);
        // Every offset points inside the block.
        for entry in ifd0.iter().chain(&exif_ifd).chain(&gps) {
            let size = match entry.1 {
                SHORT => 2,
                LONG => 4,
                RATIONAL => 8,
                _ => 1,
            } * entry.2 as usize;
            if size > 4 {
                assert!(entry.3 as usize + size <= tiff.len(), "{entry:?}");
            }
        }
    }

    #[test]
    fn a_small_rotated_photograph_decodes_with_its_orientation_and_the_sky_on_top() {
        let spec = PhotoSpec {
            scene: PhotoScene::Embankment,
            width: 240,
            height: 360,
            orientation: 6,
            taken: "2021:03:16 07:12:40",
            latitude: Coordinate { degrees: 16, minutes: 4, centiseconds: 0 },
            longitude: Coordinate { degrees: 108, minutes: 13, centiseconds: 0 },
            seed: 7,
        };
        let bytes = render(&spec);
        assert_eq!(&bytes[..4], &[0xFF, 0xD8, 0xFF, 0xE1], "EXIF right after SOI");
        let mut decoder = image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(&bytes)).unwrap();
        use image::ImageDecoder;
        assert_eq!(decoder.dimensions(), (360, 240), "stored landscape");
        assert_eq!(decoder.orientation().unwrap(), image::metadata::Orientation::Rotate90);
        let mut shown = image::DynamicImage::from_decoder(decoder).unwrap();
        shown.apply_orientation(image::metadata::Orientation::Rotate90);
        let shown = shown.to_rgb8();
        assert_eq!(shown.dimensions(), (240, 360), "shown portrait");
        let mean = |rows: std::ops::Range<u32>| {
            let mut sum = [0u64; 3];
            for y in rows.clone() {
                for x in 0..240 {
                    let p = shown.get_pixel(x, y);
                    for c in 0..3 {
                        sum[c] += p[c] as u64;
                    }
                }
            }
            sum.map(|s| s / (240 * rows.len() as u64))
        };
        let (top, bottom) = (mean(0..30), mean(330..360));
        assert!(top[2] > top[0] + 30, "blue sky at the top once turned: {top:?}");
        assert!(bottom[2] < top[2], "the ground is below: {bottom:?} vs {top:?}");
    }
}

