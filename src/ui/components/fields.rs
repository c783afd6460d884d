//! Labelled inputs that keep what the user typed, say what is wrong next to
//! the field, and only pass on values that parse.

use yew::prelude::*;

use crate::ui::state::{Action, AppContext};

/// Validation messages for one field path.
#[derive(Properties, PartialEq)]
pub struct MessagesProps {
    pub field: AttrValue,
    #[prop_or_default]
    pub local: Option<String>,
}

#[function_component(Messages)]
pub fn messages(p: &MessagesProps) -> Html {
    let ctx = use_context::<AppContext>();
    let mut msgs: Vec<(bool, String)> = ctx.map(|c| c.messages(&p.field)).unwrap_or_default();
    if let Some(l) = &p.local {
        msgs.insert(0, (true, l.clone()));
    }
    if msgs.is_empty() {
        return html! {};
    }
    html! {
        <ul class="field-messages" data-field={p.field.clone()}>
            { for msgs.into_iter().map(|(err, m)| html! {
                <li class={if err { "field-error" } else { "field-warning" }} role={if err { "alert" } else { "status" }}>{ m }</li>
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
pub struct NumberProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: f64,
    pub on_change: Callback<f64>,
    /// Scenario path of the field, for its validation messages.
    pub field: AttrValue,
    #[prop_or_default]
    pub unit: Option<AttrValue>,
    #[prop_or(AttrValue::Static("any"))]
    pub step: AttrValue,
    #[prop_or_default]
    pub integer: bool,
    /// The values the field can hold (an integer field's type and rule):
    /// outside it, the text stays with a message naming the range and the
    /// scenario keeps its last value.
    #[prop_or_default]
    pub range: Option<Range>,
}

/// The closed range of values a number field can hold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub min: f64,
    pub max: f64,
}

impl Range {
    pub const fn new(min: f64, max: f64) -> Range {
        Range { min, max }
    }

    /// Why `v` is out of range, if it is.
    pub fn check(&self, v: f64) -> Option<String> {
        (v < self.min || v > self.max).then(|| {
            format!(
                "{} is outside {}–{}",
                fmt_number(v),
                fmt_number(self.min),
                fmt_number(self.max)
            )
        })
    }
}

impl Range {
    /// Any value of a `u32` field.
    pub const U32: Range = Range::new(0.0, 4_294_967_295.0);
    /// An hour of the day.
    pub const HOUR: Range = Range::new(0.0, 23.0);
    /// A minute of the hour.
    pub const MINUTE: Range = Range::new(0.0, 59.0);
    /// Integers a number field holds exactly (2^53).
    pub const EXACT: Range = Range::new(0.0, 9_007_199_254_740_992.0);
}

/// Tells the app which fields hold text that is not a value, so the header
/// counts them and the results say they are not up to date.
#[hook]
fn use_draft_report(field: String, error: Option<String>) {
    let ctx = use_context::<AppContext>();
    use_effect_with((field, error), move |(field, error)| {
        let dispatch = ctx.map(|c| c.dispatch);
        if let Some(d) = &dispatch {
            d.dispatch(Action::Draft(field.clone(), error.clone()));
        }
        let field = field.clone();
        move || {
            if let Some(d) = dispatch {
                d.dispatch(Action::Draft(field, None));
            }
        }
    });
}

/// A number input. Text that is not a number stays in the box with an error
/// and the scenario keeps its last value.
#[function_component(NumberField)]
pub fn number_field(p: &NumberProps) -> Html {
    let draft = use_state(|| None::<String>);
    let shown = draft
        .as_ref()
        .cloned()
        .unwrap_or_else(|| fmt_number(p.value));
    let local_error = draft
        .as_ref()
        .and_then(|d| parse_number(d, p.integer).err())
        .or_else(|| {
            draft
                .as_ref()
                .and_then(|d| parse_number(d, p.integer).ok())
                .and_then(|v| p.range.and_then(|r| r.check(v)))
        });
    use_draft_report(p.field.to_string(), local_error.clone());
    let oninput = {
        let draft = draft.clone();
        let on_change = p.on_change.clone();
        let integer = p.integer;
        let range = p.range;
        Callback::from(move |e: InputEvent| {
            let text = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            if let Ok(v) = parse_number(&text, integer) {
                if range.is_none_or(|r| r.check(v).is_none()) {
                    on_change.emit(v);
                }
            }
            draft.set(Some(text));
        })
    };
    let onblur = {
        let draft = draft.clone();
        let integer = p.integer;
        let range = p.range;
        Callback::from(move |_| {
            if draft.as_ref().is_some_and(|d| {
                parse_number(d, integer).is_ok_and(|v| range.is_none_or(|r| r.check(v).is_none()))
            }) {
                draft.set(None);
            }
        })
    };
    html! {
        <div class="field">
            <label for={p.id.clone()}>{ &p.label }{ p.unit.as_ref().map(|u| format!(" ({u})")).unwrap_or_default() }</label>
            <input id={p.id.clone()} type="text" inputmode="decimal" value={shown} {oninput} {onblur}
                aria-invalid={local_error.is_some().to_string()} />
            <Messages field={p.field.clone()} local={local_error} />
        </div>
    }
}

fn fmt_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Parses what a user typed into a number, or says why not.
pub fn parse_number(text: &str, integer: bool) -> Result<f64, String> {
    let t = text.trim().replace('_', "");
    if t.is_empty() {
        return Err("enter a number".into());
    }
    let v: f64 = t
        .parse()
        .map_err(|_| format!("'{}' is not a number", text.trim()))?;
    if !v.is_finite() {
        return Err(format!("'{}' is not a finite number", text.trim()));
    }
    if integer && (v.fract() != 0.0 || v < 0.0) {
        return Err(format!("'{}' is not a whole number", text.trim()));
    }
    Ok(v)
}

#[derive(Properties, PartialEq)]
pub struct TextProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_change: Callback<String>,
    pub field: AttrValue,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
}

#[function_component(TextField)]
pub fn text_field(p: &TextProps) -> Html {
    let on_change = p.on_change.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        on_change.emit(
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .value(),
        );
    });
    html! {
        <div class="field">
            <label for={p.id.clone()}>{ &p.label }</label>
            <input id={p.id.clone()} type="text" value={p.value.clone()} placeholder={p.placeholder.clone()} {oninput} />
            <Messages field={p.field.clone()} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    /// (value, label) pairs.
    pub options: Vec<(AttrValue, AttrValue)>,
    pub on_change: Callback<String>,
    pub field: AttrValue,
}

#[function_component(SelectField)]
pub fn select_field(p: &SelectProps) -> Html {
    let on_change = p.on_change.clone();
    let onchange = Callback::from(move |e: Event| {
        on_change.emit(
            e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value(),
        );
    });
    html! {
        <div class="field">
            <label for={p.id.clone()}>{ &p.label }</label>
            <select id={p.id.clone()} {onchange}>
                { for p.options.iter().map(|(v, l)| html! { <option value={v.clone()} selected={*v == p.value}>{ l }</option> }) }
            </select>
            <Messages field={p.field.clone()} />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_or_say_why_not() {
        assert_eq!(parse_number(" 1_000.5 ", false), Ok(1000.5));
        assert!(parse_number("", false).is_err());
        assert!(parse_number("12 GB", false)
            .unwrap_err()
            .contains("not a number"));
        assert!(parse_number("NaN", false).is_err());
        assert!(parse_number("inf", false).is_err());
        assert!(parse_number("1.5", true).is_err());
        assert!(parse_number("-1", true).is_err());
        assert_eq!(parse_number("7", true), Ok(7.0));
    }
}

#[derive(Properties, PartialEq)]
pub struct OptNumberProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: Option<f64>,
    pub on_change: Callback<Option<f64>>,
    pub field: AttrValue,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or_default]
    pub range: Option<Range>,
    /// Whole numbers only (days, counts); `false` for hours, dollars and
    /// probabilities.
    #[prop_or(true)]
    pub integer: bool,
}

/// A number that may be left empty (`None`), e.g. an optional lifecycle.
#[function_component(OptNumberField)]
pub fn opt_number_field(p: &OptNumberProps) -> Html {
    let draft = use_state(|| None::<String>);
    let shown = draft
        .as_ref()
        .cloned()
        .unwrap_or_else(|| p.value.map(fmt_number).unwrap_or_default());
    let local_error = draft
        .as_ref()
        .filter(|d| !d.trim().is_empty())
        .and_then(|d| {
            parse_number(d, p.integer).err().or_else(|| {
                parse_number(d, p.integer)
                    .ok()
                    .and_then(|v| p.range.and_then(|r| r.check(v)))
            })
        });
    use_draft_report(p.field.to_string(), local_error.clone());
    let oninput = {
        let draft = draft.clone();
        let on_change = p.on_change.clone();
        let (range, integer) = (p.range, p.integer);
        Callback::from(move |e: InputEvent| {
            let text = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            if text.trim().is_empty() {
                on_change.emit(None);
            } else if let Ok(v) = parse_number(&text, integer) {
                if range.is_none_or(|r| r.check(v).is_none()) {
                    on_change.emit(Some(v));
                }
            }
            draft.set(Some(text));
        })
    };
    html! {
        <div class="field">
            <label for={p.id.clone()}>{ &p.label }</label>
            <input id={p.id.clone()} type="text" inputmode={if p.integer { "numeric" } else { "decimal" }} value={shown} placeholder={p.placeholder.clone()} {oninput} />
            <Messages field={p.field.clone()} local={local_error} />
        </div>
    }
}

/// `YYYY-MM-DDTHH:MM` for a datetime-local input (UTC).
pub fn to_local_input(t: chrono::DateTime<chrono::Utc>) -> String {
    crate::ui::time::local_input(t)
}

/// Reads a datetime-local value as UTC.
pub fn from_local_input(v: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    crate::ui::time::parse_local_input(v)
}

#[derive(Properties, PartialEq)]
pub struct DateTimeProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: chrono::DateTime<chrono::Utc>,
    pub on_change: Callback<chrono::DateTime<chrono::Utc>>,
    pub field: AttrValue,
}

/// A date and time in UTC.
#[function_component(DateTimeField)]
pub fn date_time_field(p: &DateTimeProps) -> Html {
    let on_change = p.on_change.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        if let Some(t) = from_local_input(
            &e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .value(),
        ) {
            on_change.emit(t);
        }
    });
    html! {
        <div class="field">
            <label for={p.id.clone()}>{ &p.label }{ " (UTC)" }</label>
            <input id={p.id.clone()} type="datetime-local" value={to_local_input(p.value)} {oninput} />
            <Messages field={p.field.clone()} />
        </div>
    }
}
