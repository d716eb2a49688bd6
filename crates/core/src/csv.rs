//! CSV fields for exports (tasks, usage, assets).

/// A CSV field, quoted when it holds a separator, a quote or a line break.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Text that starts with `=`, `+`, `-` or `@` would run as a formula when the
/// file is opened in a spreadsheet; a quote mark in front keeps it text
/// (OWASP's advice).
pub fn formula_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// A field of exported data: numbers as they are (a negative one stays a
/// number), other text quoted as needed and kept from running as a formula.
pub fn cell(s: &str) -> String {
    if s.parse::<f64>().is_ok() {
        field(s)
    } else {
        field(&formula_safe(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_formulas() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(formula_safe("=cmd()"), "'=cmd()");
        assert_eq!(formula_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(formula_safe("gpu-01"), "gpu-01");
        assert_eq!(cell("-3.5"), "-3.5");
        assert_eq!(cell("-cmd"), "'-cmd");
        assert_eq!(cell("=1,2"), "\"'=1,2\"");
    }
}
