//! Progress and metrics from a trainer's output, as it is printed:
//!
//! * Hugging Face Trainer log dicts, in Python syntax (single quotes):
//!   `{'loss': 2.34, 'grad_norm': 1.1, 'learning_rate': 4.9e-05, 'epoch': 0.1}`;
//! * tqdm bars: ` 12%|█▏        | 12/100 [00:05<00:40,  2.19it/s]` — several
//!   redraws in one line when the bar uses `\r`; the last one counts;
//! * LLaMA-Factory's `trainer_log.jsonl` lines (`current_steps`,
//!   `total_steps`, `loss`, `eval_loss`, `lr`, `epoch`, `percentage`,
//!   `remaining_time`).
//!
//! Anything else is ignored. Pure: lines in, figures out.

use serde::{Deserialize, Serialize};

use super::spec::TrainingParams;

/// The latest figures of a job.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Metrics {
    pub step: Option<i64>,
    pub total_steps: Option<i64>,
    pub loss: Option<f64>,
    pub eval_loss: Option<f64>,
    pub learning_rate: Option<f64>,
    pub epoch: Option<f64>,
    pub grad_norm: Option<f64>,
    /// The trainer's own estimate ("0:01:30", "00:40").
    pub remaining_time: Option<String>,
}

/// One point of the loss / learning-rate / epoch series.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Point {
    pub step: i64,
    pub loss: Option<f64>,
    pub eval_loss: Option<f64>,
    pub learning_rate: Option<f64>,
    pub epoch: Option<f64>,
}

/// A `trainer_log.jsonl` line.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct JsonlLine {
    pub current_steps: i64,
    pub total_steps: Option<i64>,
    pub loss: Option<f64>,
    pub eval_loss: Option<f64>,
    pub lr: Option<f64>,
    pub epoch: Option<f64>,
    pub percentage: Option<f64>,
    pub remaining_time: Option<String>,
}

/// What one line said.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    Bar {
        current: i64,
        total: i64,
        remaining: Option<String>,
    },
    /// Numeric entries of a Trainer log dict.
    Dict(Vec<(String, f64)>),
    Jsonl(JsonlLine),
}

/// Keys that make a dict a Trainer log line.
const DICT_KEYS: [&str; 6] = [
    "loss",
    "eval_loss",
    "learning_rate",
    "epoch",
    "grad_norm",
    "train_loss",
];

fn python_number(v: &str) -> Option<f64> {
    let v = v.trim().trim_matches('\'').trim_matches('"');
    let n: f64 = v.parse().ok()?;
    n.is_finite().then_some(n)
}

/// `{'a': 1.0, 'b': 'x'}` → the numeric entries; none if it is not a dict
/// with at least one Trainer key.
fn parse_dict(line: &str) -> Option<Vec<(String, f64)>> {
    let start = line.find('{')?;
    let end = line.rfind('}')?;
    let body = line.get(start + 1..end)?;
    if body.contains('{') {
        return None;
    }
    let mut out = Vec::new();
    for entry in body.split(',') {
        let (k, v) = entry.split_once(':')?;
        let k = k.trim();
        let quoted =
            (k.starts_with('\'') && k.ends_with('\'')) || (k.starts_with('"') && k.ends_with('"'));
        if !quoted || k.len() < 2 {
            return None;
        }
        if let Some(n) = python_number(v) {
            out.push((k[1..k.len() - 1].to_owned(), n));
        }
    }
    out.iter()
        .any(|(k, _)| DICT_KEYS.contains(&k.as_str()))
        .then_some(out)
}

/// The last `n/total [elapsed<remaining, …]` in a bar line.
fn parse_bar(line: &str) -> Option<Parsed> {
    let seg = line.split('\r').rev().find(|s| !s.trim().is_empty())?;
    let b = seg.as_bytes();
    let mut found = None;
    for (slash, _) in seg.match_indices('/') {
        let mut lo = slash;
        while lo > 0 && b[lo - 1].is_ascii_digit() {
            lo -= 1;
        }
        let mut hi = slash + 1;
        while hi < b.len() && b[hi].is_ascii_digit() {
            hi += 1;
        }
        if lo == slash || hi == slash + 1 {
            continue;
        }
        let rest = seg[hi..].trim_start();
        let Some(inside) = rest.strip_prefix('[') else {
            continue;
        };
        let Some(close) = inside.find(']') else {
            continue;
        };
        let times = &inside[..close];
        let Some((_, after)) = times.split_once('<') else {
            continue;
        };
        let (Ok(current), Ok(total)) = (seg[lo..slash].parse(), seg[slash + 1..hi].parse()) else {
            continue;
        };
        let remaining = after
            .split(',')
            .next()
            .map(str::trim)
            .filter(|r| !r.is_empty() && *r != "?");
        found = Some(Parsed::Bar {
            current,
            total,
            remaining: remaining.map(str::to_owned),
        });
    }
    found
}

/// What `line` says, if anything the tracker uses.
pub fn parse_line(line: &str) -> Option<Parsed> {
    let t = line.trim();
    if t.starts_with('{') && t.contains("\"current_steps\"") {
        if let Ok(j) = serde_json::from_str::<JsonlLine>(t) {
            return Some(Parsed::Jsonl(j));
        }
    }
    if let Some(d) = parse_dict(t) {
        return Some(Parsed::Dict(d));
    }
    parse_bar(line)
}

/// A job's figures as its lines arrive.
#[derive(Debug, Clone, Default)]
pub struct Tracker {
    /// 0–100.
    pub progress: f64,
    pub metrics: Metrics,
    epochs: i64,
    max_steps: i64,
    /// The longest bar seen: the training bar (evaluation bars are shorter).
    bar_total: i64,
    /// `trainer_log.jsonl` lines already read.
    jsonl_seen: usize,
    dicts: i64,
    points: Vec<Point>,
}

fn clamp(p: f64) -> f64 {
    if p.is_finite() {
        p.clamp(0.0, 100.0)
    } else {
        0.0
    }
}

impl Tracker {
    pub fn new(params: &TrainingParams) -> Self {
        Self {
            epochs: params.num_train_epochs,
            max_steps: params.max_steps,
            ..Self::default()
        }
    }

    /// Starts from stored figures (a re-attached job), so progress does not
    /// fall back to 0 and the jsonl file is not read twice.
    pub fn resume(
        params: &TrainingParams,
        progress: f64,
        metrics: Metrics,
        jsonl_seen: usize,
    ) -> Self {
        Self {
            progress,
            metrics,
            jsonl_seen,
            ..Self::new(params)
        }
    }

    pub fn jsonl_seen(&self) -> usize {
        self.jsonl_seen
    }

    /// Points made since the last call.
    pub fn take_points(&mut self) -> Vec<Point> {
        std::mem::take(&mut self.points)
    }

    /// One output line; true when anything changed.
    pub fn feed(&mut self, line: &str) -> bool {
        match parse_line(line) {
            Some(p) => {
                self.apply(p);
                true
            }
            None => false,
        }
    }

    /// The whole `trainer_log.jsonl` as read now: complete lines not seen
    /// before are applied. True when anything changed.
    pub fn feed_jsonl_file(&mut self, content: &str) -> bool {
        let complete = match content.rfind('\n') {
            Some(i) => &content[..=i],
            None => return false,
        };
        let lines: Vec<&str> = complete.lines().collect();
        if lines.len() <= self.jsonl_seen {
            return false;
        }
        let mut changed = false;
        for l in &lines[self.jsonl_seen..] {
            if let Ok(j) = serde_json::from_str::<JsonlLine>(l.trim()) {
                self.apply(Parsed::Jsonl(j));
                changed = true;
            }
        }
        self.jsonl_seen = lines.len();
        changed
    }

    fn push_point(&mut self, p: Point) {
        // Lines of one step (a train dict, then an eval dict) make one point.
        if let Some(last) = self.points.last_mut() {
            if last.step == p.step {
                last.loss = p.loss.or(last.loss);
                last.eval_loss = p.eval_loss.or(last.eval_loss);
                last.learning_rate = p.learning_rate.or(last.learning_rate);
                last.epoch = p.epoch.or(last.epoch);
                return;
            }
        }
        self.points.push(p);
    }

    fn apply(&mut self, p: Parsed) {
        match p {
            Parsed::Bar {
                current,
                total,
                remaining,
            } => {
                if total <= 0 || total < self.bar_total {
                    return;
                }
                self.bar_total = total;
                self.metrics.step = Some(current);
                self.metrics.total_steps = Some(total);
                if remaining.is_some() {
                    self.metrics.remaining_time = remaining;
                }
                self.progress = clamp(current as f64 * 100.0 / total as f64);
            }
            Parsed::Dict(entries) => {
                self.dicts += 1;
                let get = |k: &str| entries.iter().find(|(n, _)| n == k).map(|(_, v)| *v);
                let point = Point {
                    step: self.metrics.step.unwrap_or(self.dicts),
                    loss: get("loss"),
                    eval_loss: get("eval_loss"),
                    learning_rate: get("learning_rate"),
                    epoch: get("epoch"),
                };
                self.metrics.loss = point.loss.or(self.metrics.loss);
                self.metrics.eval_loss = point.eval_loss.or(self.metrics.eval_loss);
                self.metrics.learning_rate = point.learning_rate.or(self.metrics.learning_rate);
                self.metrics.grad_norm = get("grad_norm").or(self.metrics.grad_norm);
                self.metrics.epoch = point.epoch.or(self.metrics.epoch);
                // Without a bar, the epoch is the only measure of the way
                // (unless a step limit makes epochs meaningless).
                if self.bar_total == 0 && self.max_steps <= 0 && self.epochs > 0 {
                    if let Some(e) = point.epoch {
                        self.progress = clamp(e * 100.0 / self.epochs as f64);
                    }
                }
                if point.loss.is_some() || point.eval_loss.is_some() {
                    self.push_point(point);
                }
            }
            Parsed::Jsonl(j) => {
                self.metrics.step = Some(j.current_steps);
                if j.total_steps.is_some() {
                    self.metrics.total_steps = j.total_steps;
                }
                self.metrics.loss = j.loss.or(self.metrics.loss);
                self.metrics.eval_loss = j.eval_loss.or(self.metrics.eval_loss);
                self.metrics.learning_rate = j.lr.or(self.metrics.learning_rate);
                self.metrics.epoch = j.epoch.or(self.metrics.epoch);
                if j.remaining_time.is_some() {
                    self.metrics.remaining_time = j.remaining_time.clone();
                }
                match (j.percentage, j.total_steps) {
                    (Some(p), _) => self.progress = clamp(p),
                    (None, Some(t)) if t > 0 => {
                        self.progress = clamp(j.current_steps as f64 * 100.0 / t as f64)
                    }
                    _ => {}
                }
                if j.loss.is_some() || j.eval_loss.is_some() {
                    self.push_point(Point {
                        step: j.current_steps,
                        loss: j.loss,
                        eval_loss: j.eval_loss,
                        learning_rate: j.lr,
                        epoch: j.epoch,
                    });
                }
            }
        }
    }
}
