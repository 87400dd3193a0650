//! A seeded generator of correlated price paths, calibrated on real crypto markets.
//!
//! # Model
//! Each bar of `dt` years (`bar_secs / 365 days`), asset `i`'s log price moves by
//!
//! ```text
//! (mu_i - sigma_i^2 / 2) dt + sigma_i sqrt(dt) x_i,    x = L z * s
//! ```
//!
//! with `z` independent standard normals, `L` the Cholesky factor of the correlation matrix
//! and `s = 1` (Gaussian) or, with fat tails of `nu` degrees of freedom,
//! `s = sqrt((nu - 2) / chi2_nu)` drawn once per bar for all assets: a multivariate Student t
//! scaled to unit variance, whose marginals have excess kurtosis `6 / (nu - 4)` and whose
//! crashes come together (tail dependence), as in crypto markets.
//!
//! The random numbers come from xoshiro256** seeded through SplitMix64, normals from the
//! Marsaglia polar method and chi-square draws from Marsaglia and Tsang's gamma sampler, so a
//! seed gives the same path on every platform (up to the last bits of `ln`/`sqrt`/`exp`, which
//! IEEE 754 does not pin down for `ln` and `exp`).
//!
//! # Calibration
//! [`CALIBRATION`] and [`CORRELATIONS`] are the annualised volatilities, excess kurtoses and
//! correlations of daily log returns (close to close, `sqrt(365)` annualisation) computed from
//! Yahoo Finance-derived daily closes (the public repository budydeveloper/crypto-dataset as
//! of 2025-02-11) over 2020-04-10 (SOL's first day) to 2025-02-11: 1,768 returns (AVAX from
//! 2020-07-13: 1,604). The realised drifts of that period (BTC +54 %, ETH +58 %, SOL +110 % a
//! year in log terms) are recorded but not used: the calibrated generator has zero arithmetic
//! drift, because a backtest should not be tuned to one bull market.

use crate::error::{BacktestError, Result};
use crate::market::Market;
use crate::time::YEAR_SECS;

/// One calibrated asset: name, annualised volatility, excess kurtosis of daily log returns,
/// and the realised annual log drift of the calibration period (informative only).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// Ticker.
    pub name: &'static str,
    /// Annualised volatility of daily log returns.
    pub vol: f64,
    /// Excess kurtosis of daily log returns.
    pub excess_kurtosis: f64,
    /// Mean daily log return times 365 over the calibration period (not used by default).
    pub realised_log_drift: f64,
}

/// Calibration figures (see the module documentation for the source and period).
pub const CALIBRATION: [Calibration; 10] = [
    Calibration {
        name: "BTC",
        vol: 0.606,
        excess_kurtosis: 3.5,
        realised_log_drift: 0.543,
    },
    Calibration {
        name: "ETH",
        vol: 0.788,
        excess_kurtosis: 5.1,
        realised_log_drift: 0.577,
    },
    Calibration {
        name: "SOL",
        vol: 1.278,
        excess_kurtosis: 6.9,
        realised_log_drift: 1.100,
    },
    Calibration {
        name: "USDC",
        vol: 0.026,
        excess_kurtosis: 145.2,
        realised_log_drift: 0.000,
    },
    Calibration {
        name: "BNB",
        vol: 0.844,
        excess_kurtosis: 20.5,
        realised_log_drift: 0.790,
    },
    Calibration {
        name: "XRP",
        vol: 1.047,
        excess_kurtosis: 20.2,
        realised_log_drift: 0.526,
    },
    Calibration {
        name: "ADA",
        vol: 0.958,
        excess_kurtosis: 3.6,
        realised_log_drift: 0.647,
    },
    Calibration {
        name: "AVAX",
        vol: 1.207,
        excess_kurtosis: 8.0,
        realised_log_drift: 0.361,
    },
    Calibration {
        name: "DOGE",
        vol: 1.419,
        excess_kurtosis: 108.5,
        realised_log_drift: 1.001,
    },
    Calibration {
        name: "LINK",
        vol: 1.056,
        excess_kurtosis: 5.0,
        realised_log_drift: 0.360,
    },
];

/// Correlations of daily log returns, in the order of [`CALIBRATION`] (pairwise over the
/// days both assets have).
#[rustfmt::skip]
pub const CORRELATIONS: [[f64; 10]; 10] = [
    //BTC   ETH    SOL    USDC   BNB    XRP    ADA    AVAX   DOGE   LINK
    [1.00,  0.81,  0.52, -0.02,  0.65,  0.55,  0.65,  0.60,  0.49,  0.65], // BTC
    [0.81,  1.00,  0.60, -0.04,  0.68,  0.58,  0.70,  0.63,  0.47,  0.75], // ETH
    [0.52,  0.60,  1.00,  0.01,  0.53,  0.45,  0.53,  0.60,  0.32,  0.56], // SOL
    [-0.02, -0.04, 0.01,  1.00, -0.02, -0.03, -0.02,  0.04, -0.03, -0.02], // USDC
    [0.65,  0.68,  0.53, -0.02,  1.00,  0.51,  0.59,  0.58,  0.35,  0.61], // BNB
    [0.55,  0.58,  0.45, -0.03,  0.51,  1.00,  0.59,  0.52,  0.37,  0.57], // XRP
    [0.65,  0.70,  0.53, -0.02,  0.59,  0.59,  1.00,  0.68,  0.45,  0.69], // ADA
    [0.60,  0.63,  0.60,  0.04,  0.58,  0.52,  0.68,  1.00,  0.40,  0.64], // AVAX
    [0.49,  0.47,  0.32, -0.03,  0.35,  0.37,  0.45,  0.40,  1.00,  0.44], // DOGE
    [0.65,  0.75,  0.56, -0.02,  0.61,  0.57,  0.69,  0.64,  0.44,  1.00], // LINK
];

/// Degrees of freedom matching the excess kurtosis of BTC, ETH and SOL (3.5 to 6.9):
/// `6 / (nu - 4)` is 6 at nu = 5.
pub const CRYPTO_TAIL_DOF: f64 = 5.0;

/// xoshiro256** (Blackman and Vigna), seeded by SplitMix64.
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
    spare: Option<f64>,
}

impl Rng {
    /// A generator whose whole state derives from `seed`.
    pub fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng {
            s: [next(), next(), next(), next()],
            spare: None,
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1) with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A standard normal draw (Marsaglia polar method).
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        loop {
            let u = 2.0 * self.uniform() - 1.0;
            let v = 2.0 * self.uniform() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                let m = (-2.0 * s.ln() / s).sqrt();
                self.spare = Some(v * m);
                return u * m;
            }
        }
    }

    /// A Gamma(shape, 1) draw (Marsaglia and Tsang), `shape >= 1`.
    pub fn gamma(&mut self, shape: f64) -> f64 {
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v <= 0.0 {
                continue;
            }
            let u = self.uniform();
            if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v;
            }
        }
    }
}

/// Lower-triangular Cholesky factor of a symmetric positive-definite `n x n` matrix
/// (row-major); `None` if it is not positive definite.
pub fn cholesky(matrix: &[f64], n: usize) -> Option<Vec<f64>> {
    if matrix.len() != n * n {
        return None;
    }
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i * n + k] * l[j * n + k]).sum();
            if i == j {
                let d = matrix[i * n + i] - s;
                if d <= 0.0 || !d.is_finite() {
                    return None;
                }
                l[i * n + i] = d.sqrt();
            } else {
                l[i * n + j] = (matrix[i * n + j] - s) / l[j * n + j];
            }
        }
    }
    Some(l)
}

/// One simulated asset.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetModel {
    /// Name (used by `--weights`).
    pub name: String,
    /// Annualised volatility.
    pub vol: f64,
    /// Annual arithmetic drift `mu` (0 = a martingale).
    pub drift: f64,
    /// Price at bar 0.
    pub start_price: f64,
}

/// A seeded path generator (see the module documentation).
#[derive(Debug, Clone, PartialEq)]
pub struct Generator {
    /// The assets.
    pub assets: Vec<AssetModel>,
    /// Correlation matrix, row-major `n x n`.
    pub correlations: Vec<f64>,
    /// Student-t degrees of freedom (> 2) for fat tails; `None` for Gaussian returns.
    pub tail_dof: Option<f64>,
    /// Seconds between bars (86_400 daily, 3_600 hourly).
    pub bar_secs: i64,
    /// Unix time of bar 0.
    pub start_time: i64,
    /// The seed.
    pub seed: u64,
}

impl Generator {
    /// The calibrated model of the named assets (any of [`CALIBRATION`]'s names,
    /// case-insensitive), zero drift, start price 100, with fat tails of
    /// [`CRYPTO_TAIL_DOF`], daily bars from 2020-01-01.
    pub fn calibrated(names: &[&str], seed: u64) -> Result<Generator> {
        let mut idx = Vec::with_capacity(names.len());
        for name in names {
            let i = CALIBRATION
                .iter()
                .position(|c| c.name.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    let known: Vec<&str> = CALIBRATION.iter().map(|c| c.name).collect();
                    BacktestError::arg(
                        "--synthetic",
                        format!("no calibration for '{name}' (known: {})", known.join(", ")),
                    )
                })?;
            idx.push(i);
        }
        let assets = idx
            .iter()
            .map(|&i| AssetModel {
                name: CALIBRATION[i].name.to_string(),
                vol: CALIBRATION[i].vol,
                drift: 0.0,
                start_price: 100.0,
            })
            .collect();
        let correlations = idx
            .iter()
            .flat_map(|&i| idx.iter().map(move |&j| CORRELATIONS[i][j]))
            .collect();
        Ok(Generator {
            assets,
            correlations,
            tail_dof: Some(CRYPTO_TAIL_DOF),
            bar_secs: crate::time::DAY_SECS,
            start_time: 1_577_836_800,
            seed,
        })
    }

    /// A path of `bars` bars (bar 0 at the start prices).
    pub fn market(&self, bars: usize) -> Result<Market> {
        let n = self.assets.len();
        let bad = |m: &str| BacktestError::arg("generator", m.to_string());
        let l = cholesky(&self.correlations, n)
            .ok_or_else(|| bad("correlation matrix is not positive definite"))?;
        if let Some(nu) = self.tail_dof {
            if nu.is_nan() || nu <= 2.0 {
                return Err(bad("tail degrees of freedom must be above 2"));
            }
        }
        if self.bar_secs <= 0 {
            return Err(bad("bar length must be positive"));
        }
        let dt = self.bar_secs as f64 / YEAR_SECS;
        let drift: Vec<f64> = self
            .assets
            .iter()
            .map(|a| (a.drift - 0.5 * a.vol * a.vol) * dt)
            .collect();
        let scale: Vec<f64> = self.assets.iter().map(|a| a.vol * dt.sqrt()).collect();
        let mut rng = Rng::new(self.seed);
        let mut log_p: Vec<f64> = self.assets.iter().map(|a| a.start_price.ln()).collect();
        let mut prices = Vec::with_capacity(bars * n);
        let mut times = Vec::with_capacity(bars);
        let mut z = vec![0.0; n];
        for t in 0..bars {
            if t > 0 {
                for zi in z.iter_mut() {
                    *zi = rng.normal();
                }
                let s = match self.tail_dof {
                    Some(nu) => ((nu - 2.0) / (2.0 * rng.gamma(nu / 2.0))).sqrt(),
                    None => 1.0,
                };
                for i in 0..n {
                    let x: f64 = (0..=i).map(|k| l[i * n + k] * z[k]).sum::<f64>() * s;
                    log_p[i] += drift[i] + scale[i] * x;
                }
            }
            times.push(self.start_time + self.bar_secs * t as i64);
            prices.extend(log_p.iter().map(|lp| lp.exp()));
        }
        Market::new(
            self.assets.iter().map(|a| a.name.clone()).collect(),
            times,
            prices,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calibrated_paths_have_their_volatility_and_correlation() {
        let g = Generator::calibrated(&["BTC", "ETH", "SOL"], 7).unwrap();
        let m = g.market(20_001).unwrap();
        let r: Vec<Vec<f64>> = (0..3)
            .map(|i| {
                (1..m.bars())
                    .map(|t| (m.bar(t)[i] / m.bar(t - 1)[i]).ln())
                    .collect()
            })
            .collect();
        let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
        let cov = |a: &[f64], b: &[f64]| {
            let (ma, mb) = (mean(a), mean(b));
            a.iter()
                .zip(b)
                .map(|(x, y)| (x - ma) * (y - mb))
                .sum::<f64>()
                / (a.len() - 1) as f64
        };
        for (i, want) in [0.606, 0.788, 1.278].into_iter().enumerate() {
            let vol = (cov(&r[i], &r[i]) * 365.0).sqrt();
            assert!((vol / want - 1.0).abs() < 0.05, "vol {vol} want {want}");
        }
        let rho = cov(&r[0], &r[1]) / (cov(&r[0], &r[0]) * cov(&r[1], &r[1])).sqrt();
        assert!((rho - 0.81).abs() < 0.03, "rho {rho}");
        // Same seed, same path; another seed, another path.
        assert_eq!(g.market(100).unwrap(), g.market(100).unwrap());
        let other = Generator {
            seed: 8,
            ..g.clone()
        };
        assert_ne!(other.market(100).unwrap(), g.market(100).unwrap());
    }

    #[test]
    fn full_calibration_matrix_is_positive_definite() {
        let flat: Vec<f64> = CORRELATIONS.iter().flatten().copied().collect();
        assert!(cholesky(&flat, 10).is_some());
        assert!(cholesky(&[1.0, 2.0, 2.0, 1.0], 2).is_none());
    }
}
