//! Text staff write in the app (lessons, help answers) is plain, never HTML: blank lines
//! separate paragraphs and "- " starts a list item, so an edit cannot inject markup.

use leptos::prelude::*;

#[component]
pub fn PlainText(body: String) -> impl IntoView {
    body.split("\n\n")
        .map(|block| {
            let lines: Vec<&str> = block.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            let (intro, items): (Vec<&str>, Vec<&str>) = lines.iter().partition(|l| !l.starts_with("- "));
            let intro = intro.join(" ");
            let items: Vec<String> = items.iter().map(|l| l[2..].to_string()).collect();
            view! {
                {(!intro.is_empty()).then(|| view! { <p>{intro}</p> })}
                {(!items.is_empty()).then(|| view! { <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> })}
            }
        })
        .collect_view()
}
