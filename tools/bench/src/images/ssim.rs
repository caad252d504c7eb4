//! SSIM (Wang, Bovik, Sheikh and Simoncelli, 2004) on luma, as most
//! image-codec comparisons compute it: BT.601 luma of the 8-bit sRGB
//! values, an 11 × 11 Gaussian window (σ = 1.5), C1 = (0.01 · 255)²,
//! C2 = (0.03 · 255)², the mean of the SSIM map over the windows that fit
//! inside the image (no padding). Written here rather than taken from a
//! crate: the common one, dssim, is AGPL, and this is forty lines.

use image::RgbaImage;

const RADIUS: usize = 5;
const SIGMA: f32 = 1.5;
const C1: f32 = (0.01 * 255.0) * (0.01 * 255.0);
const C2: f32 = (0.03 * 255.0) * (0.03 * 255.0);

/// BT.601 luma (0–255) of every pixel, row by row; alpha is ignored (the
/// photographs are opaque).
pub fn luma(image: &RgbaImage) -> Vec<f32> {
    image
        .pixels()
        .map(|p| 0.299 * f32::from(p.0[0]) + 0.587 * f32::from(p.0[1]) + 0.114 * f32::from(p.0[2]))
        .collect()
}

fn kernel() -> [f32; 2 * RADIUS + 1] {
    let mut k = [0.0; 2 * RADIUS + 1];
    for (i, v) in k.iter_mut().enumerate() {
        let x = i as f32 - RADIUS as f32;
        *v = (-(x * x) / (2.0 * SIGMA * SIGMA)).exp();
    }
    let sum: f32 = k.iter().sum();
    k.iter_mut().for_each(|v| *v /= sum);
    k
}

/// The mean SSIM of two luma planes of `width` × `height`; `None` when the
/// sizes disagree or the image is smaller than one window.
pub fn ssim(a: &[f32], b: &[f32], width: usize, height: usize) -> Option<f64> {
    let side = 2 * RADIUS + 1;
    if a.len() != width * height || b.len() != a.len() || width < side || height < side {
        return None;
    }
    let k = kernel();
    // Horizontal pass: the five local sums (a, b, a², b², ab) of each
    // window row, for the columns whose window fits.
    let out_w = width - 2 * RADIUS;
    let mut rows = vec![[0f32; 5]; out_w * height];
    for y in 0..height {
        let (ra, rb) = (&a[y * width..(y + 1) * width], &b[y * width..(y + 1) * width]);
        for x in 0..out_w {
            let mut s = [0f32; 5];
            for (i, w) in k.iter().enumerate() {
                let (va, vb) = (ra[x + i], rb[x + i]);
                s[0] += w * va;
                s[1] += w * vb;
                s[2] += w * va * va;
                s[3] += w * vb * vb;
                s[4] += w * va * vb;
            }
            rows[y * out_w + x] = s;
        }
    }
    // Vertical pass and the SSIM of each window, summed in f64.
    let out_h = height - 2 * RADIUS;
    let mut total = 0f64;
    for y in 0..out_h {
        for x in 0..out_w {
            let mut s = [0f32; 5];
            for (i, w) in k.iter().enumerate() {
                let r = &rows[(y + i) * out_w + x];
                for c in 0..5 {
                    s[c] += w * r[c];
                }
            }
            let (ma, mb) = (s[0], s[1]);
            let (va, vb, cov) = (s[2] - ma * ma, s[3] - mb * mb, s[4] - ma * mb);
            let value = ((2.0 * ma * mb + C1) * (2.0 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
            total += f64::from(value);
        }
    }
    Some(total / (out_w * out_h) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plane(width: usize, height: usize, f: impl Fn(usize, usize) -> f32) -> Vec<f32> {
        (0..height).flat_map(|y| (0..width).map(move |x| (x, y))).map(|(x, y)| f(x, y)).collect()
    }

    #[test]
    fn identical_planes_score_one_and_noise_less() {
        let a = plane(64, 48, |x, y| ((x * 7 + y * 13) % 256) as f32);
        assert!((ssim(&a, &a, 64, 48).unwrap() - 1.0).abs() < 1e-6);
        let noisy: Vec<f32> = a.iter().enumerate().map(|(i, v)| v + if i % 3 == 0 { 20.0 } else { -10.0 }).collect();
        let s = ssim(&a, &noisy, 64, 48).unwrap();
        assert!(s < 0.99 && s > 0.0, "{s}");
        let flat = plane(64, 48, |_, _| 128.0);
        assert!(ssim(&a, &flat, 64, 48).unwrap() < s);
        assert_eq!(ssim(&a, &a, 8, 384), None);
    }
}
