//! Summaries of timing samples.

use std::time::Duration;

/// Arithmetic mean in milliseconds; 0 for no samples.
pub fn mean_ms(samples: &[Duration]) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    samples
        .iter()
        .map(|d| d.as_secs_f64() * 1_000.0)
        .sum::<f64>()
        / samples.len() as f64
}

/// The `p`-th percentile (0–100) in milliseconds, interpolated linearly
/// between the two nearest ranks (so p50 of an even count is the mean of the
/// two middle samples); 0 for no samples.
pub fn percentile_ms(samples: &[Duration], p: f64) -> f64 {
    let mut v: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1_000.0).collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let rank = (p.clamp(0.0, 100.0) / 100.0) * (v.len() - 1) as f64;
    let lo = rank.floor() as usize;
    let hi = rank.ceil() as usize;
    let (a, b) = (v[lo], v[hi.min(v.len() - 1)]);
    a + (b - a) * (rank - lo as f64)
}

/// The median in milliseconds.
pub fn median_ms(samples: &[Duration]) -> f64 {
    percentile_ms(samples, 50.0)
}

/// The largest sample in milliseconds; 0 for no samples.
pub fn max_ms(samples: &[Duration]) -> f64 {
    samples
        .iter()
        .map(|d| d.as_secs_f64() * 1_000.0)
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(v: &[u64]) -> Vec<Duration> {
        v.iter().map(|&m| Duration::from_millis(m)).collect()
    }

    #[test]
    fn summaries() {
        let s = ms(&[40, 10, 30, 20]);
        assert!((mean_ms(&s) - 25.0).abs() < 1e-9);
        assert!((median_ms(&s) - 25.0).abs() < 1e-9);
        assert!((percentile_ms(&s, 0.0) - 10.0).abs() < 1e-9);
        assert!((percentile_ms(&s, 100.0) - 40.0).abs() < 1e-9);
        assert!((median_ms(&ms(&[5, 1, 3])) - 3.0).abs() < 1e-9);
        assert!((max_ms(&s) - 40.0).abs() < 1e-9);
        assert_eq!(mean_ms(&[]), 0.0);
        assert_eq!(median_ms(&[]), 0.0);
    }
}
