//! Renders its children one scheduler turn after it mounts, so the first
//! paint of the page carries what is above the fold and the sections below
//! it follow at once after.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DeferredProps {
    pub children: Html,
    /// Height held for the children meanwhile, in CSS pixels, so the page
    /// does not jump.
    #[prop_or(600)]
    pub min_height: u32,
}

#[function_component(Deferred)]
pub fn deferred(p: &DeferredProps) -> Html {
    let ready = use_state(|| false);
    {
        let ready = ready.clone();
        // Effects run after the first render has been committed (and, when
        // that render was long, painted): only then add the rest.
        use_effect_with((), move |_| ready.set(true));
    }
    if *ready {
        p.children.clone()
    } else {
        html! { <div class="deferred" aria-busy="true" style={format!("min-height:{}px", p.min_height)}></div> }
    }
}
