//! The most syndicated stories of the focus topic: the stories printed by the most
//! articles and outlets, chosen as the run writes the stories table, and their section.

use super::*;
use crate::tables::StoryRow;

/// Stories listed.
const SHOWN: usize = 10;

/// The focus topic's stories with the most copies, kept as stories are offered.
#[derive(Default)]
pub struct Syndicated {
    pub(super) top: Vec<StoryRow>,
}

/// Most copies first, then most outlets, then the earliest, then the lowest id.
fn rank(
    s: &StoryRow,
) -> (
    std::cmp::Reverse<u32>,
    std::cmp::Reverse<usize>,
    Option<NaiveDate>,
    u64,
) {
    (
        std::cmp::Reverse(s.copies),
        std::cmp::Reverse(s.outlets.len()),
        s.first_published,
        s.story_id,
    )
}

impl Syndicated {
    /// Offers stories; those of `focus` with more than one copy may be kept.
    pub fn offer<'a>(&mut self, focus: &str, stories: impl IntoIterator<Item = &'a StoryRow>) {
        for s in stories {
            if s.copies < 2 || !s.topics.iter().any(|t| t == focus) {
                continue;
            }
            if self.top.len() == SHOWN && rank(s) >= rank(&self.top[SHOWN - 1]) {
                continue;
            }
            self.top.push(s.clone());
            self.top.sort_by_key(rank);
            self.top.truncate(SHOWN);
        }
    }
}

pub(super) fn syndicated_section(html: &mut String, syndicated: &Syndicated, opts: &ReportOptions) {
    let _ = writeln!(
        html,
        "<section id=syndicated><h2>Most syndicated stories on {}</h2>",
        esc(&opts.focus)
    );
    if syndicated.top.is_empty() {
        html.push_str(
            "<p class=empty>No story on this topic was printed more than once.</p></section>\n",
        );
        return;
    }
    html.push_str("<p class=note>A story is one article and its copies: the same wire story in other outlets, a page crawled again, a report updated. Counts in the charts above take each story once.</p>\n");
    html.push_str("<table><thead><tr><th>Story</th><th>First published</th><th>Copies</th><th>Outlets</th></tr></thead><tbody>\n");
    for s in &syndicated.top {
        let first = s
            .first_published
            .map_or_else(|| "undated".to_string(), |d| d.to_string());
        let outlets = if s.outlets.is_empty() {
            "unknown".to_string()
        } else {
            let names: Vec<String> = s.outlets.iter().map(|o| esc(o)).collect();
            format!("<b>{}</b>: {}", s.outlets.len(), names.join(", "))
        };
        let title = match s.title.trim() {
            "" => "<i>untitled</i>".to_string(),
            t => esc(t),
        };
        let _ = writeln!(
            html,
            "<tr><td>{title}</td><td>{first}</td><td>{}</td><td>{outlets}</td></tr>",
            s.copies
        );
    }
    html.push_str("</tbody></table></section>\n");
}
