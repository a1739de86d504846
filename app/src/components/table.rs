//! Tables that read on a phone. On a wide screen a `CardTable` is an ordinary table; on a
//! narrow one (style: `table.stack`) each row becomes a card and each `Cell` shows its column's
//! name above its value, so no table scrolls sideways or hides its actions. The explicit ARIA
//! roles keep the table's meaning for screen readers when the phone layout changes `display`.

use leptos::prelude::*;

/// A table with a caption (visible, or for screen readers only) and its column names.
#[component]
pub fn CardTable(
    #[prop(into)] caption: String,
    columns: &'static [&'static str],
    #[prop(optional)] hidden_caption: bool,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let class = if class.is_empty() { "stack".to_string() } else { format!("stack {class}") };
    view! {
        <div class="table-wrap">
            <table class=class role="table">
                <caption class=hidden_caption.then_some("visually-hidden")>{caption}</caption>
                <thead>
                    <tr role="row">
                        {columns.iter().map(|c| view! { <th scope="col" role="columnheader">{*c}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// One row of a `CardTable`.
#[component]
pub fn Row(#[prop(optional)] class: &'static str, children: Children) -> impl IntoView {
    view! { <tr role="row" class=(!class.is_empty()).then_some(class)>{children()}</tr> }
}

/// One cell, labelled with its column's name when the row is read as a card.
#[component]
pub fn Cell(label: &'static str, children: Children) -> impl IntoView {
    view! { <td data-label=label role="cell">{children()}</td> }
}

/// A row's heading cell (the thing the row is about), labelled like a `Cell`.
#[component]
pub fn RowHead(label: &'static str, children: Children) -> impl IntoView {
    view! { <th scope="row" data-label=label role="rowheader">{children()}</th> }
}
