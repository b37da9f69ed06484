//! The one translatable message: a key of the extension's `_locales/*/messages.json` and its
//! arguments in order, numbers or text. The core never composes user-visible text; it says
//! which message to show, and the extension's pages and content script put it in the user's
//! language (`chrome.i18n` or the chosen locale's file). Overlays' labels and details, the
//! archive's problems, refused exports and failures thrown to JS are all this type.

use std::borrow::Cow;

use serde::Serialize;

use crate::json::{required, Error, FromJson, Reader};

/// One argument of a message: a number (formatted in the user's locale) or a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Arg {
    Number(u64),
    Text(String),
}

impl<'de> FromJson<'de> for Arg {
    /// A string is a text, any other value must be a number.
    fn read(reader: &mut Reader<'de>) -> Result<Arg, Error> {
        Ok(if reader.next_is_text() {
            Arg::Text(String::read(reader)?)
        } else {
            Arg::Number(u64::read(reader)?)
        })
    }
}

impl PartialEq<&str> for Arg {
    fn eq(&self, other: &&str) -> bool {
        matches!(self, Arg::Text(text) if text == other)
    }
}

impl PartialEq<String> for Arg {
    fn eq(&self, other: &String) -> bool {
        matches!(self, Arg::Text(text) if text == other)
    }
}

impl PartialEq<u64> for Arg {
    fn eq(&self, other: &u64) -> bool {
        matches!(self, Arg::Number(n) if n == other)
    }
}

/// `{key, args}` as JSON: what the shell's `t(key, args)` takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Msg {
    pub key: Cow<'static, str>,
    pub args: Vec<Arg>,
}

impl<'de> FromJson<'de> for Msg {
    /// `args` may be left out (none).
    fn read(reader: &mut Reader<'de>) -> Result<Msg, Error> {
        let (mut key, mut args) = (None, None);
        reader.object(&mut |reader, name| match &*name {
            "key" => reader.field(&mut key),
            "args" => reader.field(&mut args),
            _ => reader.skip(),
        })?;
        Ok(Msg {
            key: Cow::Owned(required::<String>(key, reader)?),
            args: args.unwrap_or_default(),
        })
    }
}

impl Msg {
    /// A message with number arguments (the overlays' counts).
    pub fn new(key: &'static str, args: &[u64]) -> Msg {
        Msg {
            key: Cow::Borrowed(key),
            args: args.iter().copied().map(Arg::Number).collect(),
        }
    }

    /// A message with text arguments (file names, details of a failure).
    pub fn text(key: &str, args: &[&str]) -> Msg {
        Msg {
            key: Cow::Owned(key.to_string()),
            args: args.iter().map(|a| Arg::Text(a.to_string())).collect(),
        }
    }

    /// The same with owned texts.
    pub fn texts<const N: usize>(key: &str, args: [String; N]) -> Msg {
        Msg {
            key: Cow::Owned(key.to_string()),
            args: args.into_iter().map(Arg::Text).collect(),
        }
    }
}

/// A failure the user is told about: the message to show, and the English text for logs.
/// Thrown to JS as `{key, args, message}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    #[serde(flatten)]
    pub msg: Msg,
    pub message: String,
}

impl Failure {
    pub fn new(msg: Msg, message: String) -> Failure {
        Failure { msg, message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_texts_keep_their_json_types() {
        let counts = serde_json::to_string(&Msg::new("levelDiscussion", &[3, 12])).unwrap();
        assert_eq!(counts, r#"{"key":"levelDiscussion","args":[3,12]}"#);
        let texts = serde_json::to_string(&Msg::text("archiveErrorNotZip", &["bad", "7"])).unwrap();
        assert_eq!(texts, r#"{"key":"archiveErrorNotZip","args":["bad","7"]}"#);
        let back: Msg = crate::json::from_str(&texts).unwrap();
        assert_eq!(back.args, ["bad", "7"]);
    }
}
