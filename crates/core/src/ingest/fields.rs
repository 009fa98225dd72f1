//! Mapping the freely named fields of records, manifests and sidecars onto an article's
//! metadata (SPEC §2): title, text, date, source, url.

use serde_json::{Map, Value};

/// The article fields a record can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Title,
    Text,
    Date,
    Source,
    Url,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Title, Role::Text, Role::Date, Role::Source, Role::Url];

    pub fn parse(name: &str) -> Option<Role> {
        Some(match name {
            "title" => Role::Title,
            "text" => Role::Text,
            "date" => Role::Date,
            "source" => Role::Source,
            "url" => Role::Url,
            _ => return None,
        })
    }

    /// Common names, tried in order, case-insensitively.
    fn default_names(self) -> &'static [&'static str] {
        match self {
            Role::Title => &["title", "headline", "headlines"],
            Role::Text => &["text", "body", "content", "article", "articles", "maintext"],
            Role::Date => &[
                "date",
                "published",
                "published_at",
                "date_publish",
                "publish_date",
                "seendate",
                "datepublished",
                "pubdate",
            ],
            Role::Source => &["source", "outlet", "site", "source_domain", "domain"],
            Role::Url => &["url", "link", "source_url"],
        }
    }
}

/// Which column names fill which role; `--field ROLE=COLUMN` puts a name first.
#[derive(Debug, Clone, Default)]
pub struct FieldMap {
    overrides: Vec<(Role, String)>,
}

impl FieldMap {
    /// Parses `--field` values such as `date=first_seen_local`.
    pub fn from_specs(specs: &[String]) -> Result<FieldMap, String> {
        let mut overrides = Vec::new();
        for spec in specs {
            let (role, column) = spec
                .split_once('=')
                .ok_or_else(|| format!("--field {spec:?}: expected ROLE=COLUMN"))?;
            let role = Role::parse(role.trim()).ok_or_else(|| {
                format!("--field {spec:?}: ROLE must be one of title, text, date, source, url")
            })?;
            overrides.push((role, column.trim().to_string()));
        }
        Ok(FieldMap { overrides })
    }

    /// The value a record gives for `role`: an explicit column first, then common names.
    /// Empty strings and nulls count as absent.
    pub fn get(&self, record: &Map<String, Value>, role: Role) -> Option<String> {
        let explicit = self
            .overrides
            .iter()
            .filter(|(r, _)| *r == role)
            .map(|(_, c)| c.as_str());
        for name in explicit.chain(role.default_names().iter().copied()) {
            let value = record.get(name).or_else(|| {
                record
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v)
            });
            if let Some(text) = value.and_then(value_text) {
                return Some(text);
            }
        }
        None
    }

    /// Whether a column name is one that fills a title or text, by `--field` or by its
    /// common names: a CSV header with none of these is most likely a data row.
    pub fn names_text(&self, column: &str) -> bool {
        [Role::Title, Role::Text].into_iter().any(|role| {
            self.overrides
                .iter()
                .filter(|(r, _)| *r == role)
                .map(|(_, c)| c.as_str())
                .chain(role.default_names().iter().copied())
                .any(|name| name.eq_ignore_ascii_case(column))
        })
    }

    /// The metadata a record gives.
    pub fn meta(&self, record: &Map<String, Value>) -> Meta {
        Meta {
            title: self.get(record, Role::Title),
            text: self.get(record, Role::Text),
            date: self.get(record, Role::Date),
            source: self.get(record, Role::Source),
            url: self.get(record, Role::Url),
        }
    }
}

fn value_text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// Metadata as given by one source (a record, a manifest row, a sidecar, a page's head).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub text: Option<String>,
    /// The raw date value; parsed later so that an unparseable value can fall through.
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
}

/// The domain of a URL, without `www.`, as an outlet name of last resort.
pub fn domain_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn common_names_and_overrides() {
        let record = json!({"Headlines": "A", "articles": "B", "published": "2022-02-24",
                            "first_seen_local": "2025-08-14", "Outlet": "Reuters"});
        let record = record.as_object().unwrap();
        let map = FieldMap::default();
        let meta = map.meta(record);
        assert_eq!(meta.title.as_deref(), Some("A"));
        assert_eq!(meta.text.as_deref(), Some("B"));
        assert_eq!(meta.date.as_deref(), Some("2022-02-24"));
        assert_eq!(meta.source.as_deref(), Some("Reuters"));
        let map = FieldMap::from_specs(&["date=first_seen_local".into()]).unwrap();
        assert_eq!(map.get(record, Role::Date).as_deref(), Some("2025-08-14"));
        assert!(FieldMap::from_specs(&["when=x".into()]).is_err());
    }

    #[test]
    fn domains() {
        assert_eq!(
            domain_of("https://www.aa.com.tr/en/x").as_deref(),
            Some("aa.com.tr")
        );
        assert_eq!(domain_of("not a url"), None);
    }
}
