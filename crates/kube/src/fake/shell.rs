//! The tiny shell behind a fake pod's exec.

/// The shell behind the fake's exec: a TTY's echo and line editing, and a
/// few commands a test can check answers of.
pub struct FakeShell {
    pod: String,
    line: String,
    /// (cols, rows) as the last resize said.
    pub size: (u16, u16),
}

impl FakeShell {
    pub const PROMPT: &'static str = "/ # ";

    pub fn new(pod: &str) -> Self {
        Self {
            pod: pod.to_owned(),
            line: String::new(),
            size: (80, 24),
        }
    }

    /// Takes typed bytes; answers what the terminal shows and, once the
    /// shell exits, its exit code.
    pub fn feed(&mut self, bytes: &[u8]) -> (String, Option<i32>) {
        let mut shown = String::new();
        for ch in String::from_utf8_lossy(bytes).chars() {
            match ch {
                '\r' | '\n' => {
                    shown.push_str("\r\n");
                    let line = std::mem::take(&mut self.line);
                    match self.run(line.trim()) {
                        Ok(answer) => {
                            shown.push_str(&answer);
                            shown.push_str(Self::PROMPT);
                        }
                        Err(code) => return (shown, Some(code)),
                    }
                }
                '\u{7f}' | '\u{8}' => {
                    if self.line.pop().is_some() {
                        shown.push_str("\u{8} \u{8}");
                    }
                }
                '\u{3}' => {
                    self.line.clear();
                    shown.push_str("^C\r\n");
                    shown.push_str(Self::PROMPT);
                }
                '\u{4}' if self.line.is_empty() => return (shown, Some(0)),
                c => {
                    self.line.push(c);
                    shown.push(c);
                }
            }
        }
        (shown, None)
    }

    /// One command line run without a terminal (`sh -c LINE`): what it
    /// writes to stdout and stderr, and its exit code.
    pub fn run_command(&self, line: &str) -> (String, String, i32) {
        match self.run(line.trim()) {
            Err(code) => (String::new(), String::new(), code),
            Ok(text) if text.starts_with("sh: ") => {
                (String::new(), text.replace("\r\n", "\n"), 127)
            }
            Ok(text) => (text.replace("\r\n", "\n"), String::new(), 0),
        }
    }

    /// One command line run with a terminal (`ssh -t HOST LINE`): what the
    /// terminal shows, and its exit code.
    pub fn run_tty(&self, line: &str) -> (String, i32) {
        match self.run(line.trim()) {
            Err(code) => (String::new(), code),
            Ok(text) if text.starts_with("sh: ") => (text, 127),
            Ok(text) => (text, 0),
        }
    }

    /// One command line: its output, or `Err(code)` for `exit`.
    fn run(&self, line: &str) -> Result<String, i32> {
        let (cmd, rest) = line.split_once(' ').unwrap_or((line, ""));
        Ok(match cmd {
            "" => String::new(),
            "exit" => return Err(rest.trim().parse().unwrap_or(0)),
            "echo" => format!("{rest}\r\n"),
            "hostname" => format!("{}\r\n", self.pod),
            "stty" if rest.trim() == "size" => format!("{} {}\r\n", self.size.1, self.size.0),
            other => format!("sh: {other}: not found\r\n"),
        })
    }
}
