//! The per-user daily token limit: replies are refused once a user's replies
//! today (UTC) used the limit; the refusal says when it resets.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::{Error, Result};

/// A user's limit: the admin's per-user value, else the server default;
/// `None` = unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenLimit(pub Option<i64>);

/// What a user used today, as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DailyUsage {
    /// The UTC day counted.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: NaiveDate,
    pub used_tokens: i64,
    /// None = unlimited.
    pub limit_tokens: Option<i64>,
    /// Whether this limit is the user's own (else the server default).
    pub own_limit: bool,
}

/// The UTC day `now` falls on: the key usage is counted under.
pub fn day_of(now: DateTime<Utc>) -> NaiveDate {
    now.date_naive()
}

fn until_midnight(now: DateTime<Utc>) -> Duration {
    let next = now
        .date_naive()
        .succ_opt()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc());
    next.and_then(|n| (n - now).to_std().ok())
        .unwrap_or(Duration::from_secs(60))
}

impl TokenLimit {
    /// May a user who used `used` tokens today ask for another reply?
    pub fn check(self, used: i64, now: DateTime<Utc>) -> Result<()> {
        match self.0 {
            Some(limit) if used >= limit => Err(Error::RateLimited {
                message: format!(
                    "daily token limit reached: {used} of {limit} tokens used today (UTC); \
                     it resets at 00:00 UTC"
                ),
                retry_after: until_midnight(now),
            }),
            _ => Ok(()),
        }
    }
}

/// A guess at the tokens of a text, for replies whose provider sent no usage
/// (a stopped or stalled stream): about four ASCII characters per token, one
/// per other character (CJK). Counting something keeps a stopped stream from
/// dodging the limit.
pub fn estimate_tokens(text: &str) -> i64 {
    let (ascii, other) = text.chars().fold((0i64, 0i64), |(a, o), c| {
        if c.is_ascii() {
            (a + 1, o)
        } else {
            (a, o + 1)
        }
    });
    (ascii + 3) / 4 + other
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn refuses_at_the_limit_until_midnight() {
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 23, 0, 0).unwrap();
        assert!(TokenLimit(None).check(i64::MAX, now).is_ok());
        assert!(TokenLimit(Some(100)).check(99, now).is_ok());
        match TokenLimit(Some(100)).check(100, now) {
            Err(Error::RateLimited {
                message,
                retry_after,
            }) => {
                assert!(message.contains("100 of 100"), "{message}");
                assert_eq!(retry_after, Duration::from_secs(3600));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(day_of(now).to_string(), "2026-12-03");
    }

    #[test]
    fn estimates() {
        assert_eq!(estimate_tokens(""), 0);
        assert_eq!(estimate_tokens("abcd"), 1);
        assert_eq!(estimate_tokens("abcde"), 2);
        assert_eq!(estimate_tokens("你好"), 2);
    }
}
