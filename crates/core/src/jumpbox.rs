//! The SSH jump host's pure rules: what the SSH user name asks for
//! (`alice` → the menu, `alice+NAME` → one instance), the menu's lines, what a
//! typed answer means, and a line editor for the menu prompt (the client's
//! terminal is in raw mode, so the server echoes and edits).

/// What the SSH login name asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginName {
    /// The platform user name.
    pub username: String,
    /// `alice+NAME`: the instance (a name, or an id) to go to without the menu.
    pub target: Option<String>,
}

/// Splits `alice+NAME` at the first `+` (platform user names cannot contain
/// one, instance names neither). An empty target (`alice+`) is no target.
pub fn parse_login_name(login: &str) -> LoginName {
    match login.split_once('+') {
        Some((user, target)) if !target.is_empty() => LoginName {
            username: user.to_owned(),
            target: Some(target.to_owned()),
        },
        Some((user, _)) => LoginName {
            username: user.to_owned(),
            target: None,
        },
        None => LoginName {
            username: login.to_owned(),
            target: None,
        },
    }
}

/// An instance as the menu shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuEntry {
    pub instance_id: i64,
    pub name: String,
    pub container_id: String,
    pub node: String,
    /// Shown to admins, who see everyone's instances.
    pub owner: Option<String>,
}

/// The menu: a header and `序号  实例名称-容器ID(12)-算力节点` per instance
/// (with the owner for admins), numbered from 1, CRLF line ends (the client's
/// terminal is raw).
pub fn render_menu(entries: &[MenuEntry]) -> String {
    let mut out = String::from("\r\n序号  实例名称-容器ID-算力节点\r\n");
    for (i, e) in entries.iter().enumerate() {
        let short: String = e.container_id.chars().take(12).collect();
        out.push_str(&format!("{:<4}  {}-{}-{}", i + 1, e.name, short, e.node));
        if let Some(owner) = &e.owner {
            out.push_str(&format!("  ({owner})"));
        }
        out.push_str("\r\n");
    }
    out.push_str("\r\n请输入序号连接实例，q 退出 (number to connect, q to quit): ");
    out
}

/// What an answer at the menu prompt means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuChoice {
    /// The 0-based index of the chosen entry.
    Connect(usize),
    Quit,
    /// Anything else: the menu is shown again.
    Again,
}

pub fn parse_choice(line: &str, entries: usize) -> MenuChoice {
    let t = line.trim();
    if t.eq_ignore_ascii_case("q") || t.eq_ignore_ascii_case("quit") || t == "exit" {
        return MenuChoice::Quit;
    }
    match t.parse::<usize>() {
        Ok(n) if (1..=entries).contains(&n) => MenuChoice::Connect(n - 1),
        _ => MenuChoice::Again,
    }
}

/// Finds the instance a `+NAME` target means among `candidates` (id, name):
/// an exact name first, then a number as an id. `Err` holds the ids when a
/// name is ambiguous (an admin sees several users' instances of that name).
pub fn resolve_target(target: &str, candidates: &[(i64, String)]) -> Result<Option<i64>, Vec<i64>> {
    let named: Vec<i64> = candidates
        .iter()
        .filter(|(_, n)| n == target)
        .map(|(id, _)| *id)
        .collect();
    match named.as_slice() {
        [one] => return Ok(Some(*one)),
        [] => {}
        _ => return Err(named),
    }
    Ok(target
        .parse::<i64>()
        .ok()
        .filter(|id| candidates.iter().any(|(c, _)| c == id)))
}

/// The longest line the menu prompt keeps (anything longer is not a choice).
const LINE_MAX: usize = 64;

/// A line editor for a raw terminal: printable input is echoed, backspace
/// erases, Enter ends the line, Ctrl-C/Ctrl-D quit.
#[derive(Debug, Default)]
pub struct LineEditor {
    line: String,
    /// Skips the LF of a CRLF so it does not end a second, empty line.
    after_cr: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineEvent {
    /// A finished line.
    Line(String),
    /// Ctrl-C or Ctrl-D.
    Interrupt,
}

impl LineEditor {
    /// Feeds input bytes; answers what to echo and the events they made.
    pub fn feed(&mut self, input: &[u8]) -> (Vec<u8>, Vec<LineEvent>) {
        let mut echo = Vec::new();
        let mut events = Vec::new();
        let text = String::from_utf8_lossy(input);
        for c in text.chars() {
            let after_cr = std::mem::take(&mut self.after_cr);
            match c {
                '\r' | '\n' => {
                    if c == '\n' && after_cr {
                        continue;
                    }
                    self.after_cr = c == '\r';
                    echo.extend_from_slice(b"\r\n");
                    events.push(LineEvent::Line(std::mem::take(&mut self.line)));
                }
                '\u{3}' | '\u{4}' => {
                    echo.extend_from_slice(b"\r\n");
                    self.line.clear();
                    events.push(LineEvent::Interrupt);
                }
                '\u{7f}' | '\u{8}' => {
                    if self.line.pop().is_some() {
                        echo.extend_from_slice(b"\x08 \x08");
                    }
                }
                c if c.is_control() => {}
                c => {
                    if self.line.chars().count() < LINE_MAX {
                        self.line.push(c);
                        let mut b = [0u8; 4];
                        echo.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
                    }
                }
            }
        }
        (echo, events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_names() {
        assert_eq!(
            parse_login_name("alice"),
            LoginName {
                username: "alice".into(),
                target: None
            }
        );
        assert_eq!(
            parse_login_name("alice+box-1"),
            LoginName {
                username: "alice".into(),
                target: Some("box-1".into())
            }
        );
        assert_eq!(parse_login_name("alice+").target, None);
        assert_eq!(parse_login_name("a+b+c").target.as_deref(), Some("b+c"));
    }

    #[test]
    fn menu_lines() {
        let m = render_menu(&[
            MenuEntry {
                instance_id: 7,
                name: "box".into(),
                container_id: "0123456789abcdef".into(),
                node: "n1".into(),
                owner: None,
            },
            MenuEntry {
                instance_id: 9,
                name: "gpu".into(),
                container_id: "fedcba9876543210".into(),
                node: "n2".into(),
                owner: Some("bob".into()),
            },
        ]);
        assert!(m.contains("序号  实例名称-容器ID-算力节点\r\n"), "{m}");
        assert!(m.contains("1     box-0123456789ab-n1\r\n"), "{m}");
        assert!(m.contains("2     gpu-fedcba987654-n2  (bob)\r\n"), "{m}");
    }

    #[test]
    fn choices() {
        assert_eq!(parse_choice(" 2 ", 3), MenuChoice::Connect(1));
        assert_eq!(parse_choice("Q", 3), MenuChoice::Quit);
        assert_eq!(parse_choice("0", 3), MenuChoice::Again);
        assert_eq!(parse_choice("4", 3), MenuChoice::Again);
        assert_eq!(parse_choice("x", 3), MenuChoice::Again);
        assert_eq!(parse_choice("", 3), MenuChoice::Again);
    }

    #[test]
    fn targets() {
        let c = vec![
            (3, "web".to_owned()),
            (12, "3".to_owned()),
            (15, "dup".to_owned()),
            (16, "dup".to_owned()),
        ];
        assert_eq!(resolve_target("web", &c), Ok(Some(3)));
        // a name wins over an id
        assert_eq!(resolve_target("3", &c), Ok(Some(12)));
        assert_eq!(resolve_target("15", &c), Ok(Some(15)));
        assert_eq!(resolve_target("99", &c), Ok(None));
        assert_eq!(resolve_target("nope", &c), Ok(None));
        assert_eq!(resolve_target("dup", &c), Err(vec![15, 16]));
    }

    #[test]
    fn line_editor() {
        let mut ed = LineEditor::default();
        let (echo, ev) = ed.feed(b"1x\x7f");
        assert_eq!(echo, b"1x\x08 \x08");
        assert!(ev.is_empty());
        let (_, ev) = ed.feed(b"2\r\n");
        assert_eq!(ev, vec![LineEvent::Line("12".into())]);
        let (_, ev) = ed.feed(b"\n");
        assert_eq!(ev, vec![LineEvent::Line(String::new())]);
        let (_, ev) = ed.feed(b"ab\x03");
        assert_eq!(ev, vec![LineEvent::Interrupt]);
        let (_, ev) = ed.feed(b"q\r");
        assert_eq!(ev, vec![LineEvent::Line("q".into())]);
    }
}
