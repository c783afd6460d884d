//! Time-zone offsets from the browser's own `Intl` data, so the app and its
//! worker resolve `ScheduleExpressionTimezone` without carrying an IANA
//! database in their WebAssembly (the command line compiles one in; see
//! [`btar_core::domain::tz`]).

use std::cell::RefCell;
use std::collections::HashMap;

use btar_core::domain::tz::TzError;
use wasm_bindgen::{JsCast, JsValue};

/// Installs the `Intl` resolver for this thread's engine.
pub fn install() {
    btar_core::domain::tz::install(offset);
}

thread_local! {
    /// One formatter per zone name (`None`: the browser does not know it).
    static FORMATS: RefCell<HashMap<String, Option<js_sys::Intl::DateTimeFormat>>> =
        RefCell::new(HashMap::new());
    /// Offsets by zone and quarter hour: every offset in use is a multiple of
    /// 15 minutes and changes on a quarter hour of UTC.
    static OFFSETS: RefCell<HashMap<(String, i64), i32>> = RefCell::new(HashMap::new());
}

fn formatter(zone: &str) -> Option<js_sys::Intl::DateTimeFormat> {
    let make = || -> Result<js_sys::Intl::DateTimeFormat, JsValue> {
        let intl = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Intl"))?;
        let ctor: js_sys::Function =
            js_sys::Reflect::get(&intl, &JsValue::from_str("DateTimeFormat"))?.dyn_into()?;
        let opts = js_sys::Object::new();
        for (k, v) in [
            ("timeZone", zone),
            ("hourCycle", "h23"),
            ("year", "numeric"),
            ("month", "numeric"),
            ("day", "numeric"),
            ("hour", "numeric"),
            ("minute", "numeric"),
            ("second", "numeric"),
        ] {
            js_sys::Reflect::set(&opts, &JsValue::from_str(k), &JsValue::from_str(v))?;
        }
        let args = js_sys::Array::of2(&JsValue::from_str("en-US"), &opts);
        // The constructor throws a RangeError for an unknown zone: caught.
        Ok(js_sys::Reflect::construct(&ctor, &args)?.unchecked_into())
    };
    FORMATS.with(|f| {
        f.borrow_mut()
            .entry(zone.to_string())
            .or_insert_with(|| make().ok())
            .clone()
    })
}

fn offset(zone: &str, utc_s: i64) -> Result<i32, TzError> {
    let key = (zone.to_string(), utc_s.div_euclid(900));
    if let Some(v) = OFFSETS.with(|o| o.borrow().get(&key).copied()) {
        return Ok(v);
    }
    let fmt = formatter(zone).ok_or(TzError::Unknown)?;
    // Beyond the range of a JavaScript Date the formatter would throw.
    if !(-8_000_000_000_000..=8_000_000_000_000).contains(&utc_s) {
        return Err(TzError::Unavailable);
    }
    // Dates are exact in f64 milliseconds for ±285 000 years.
    let date = js_sys::Date::new(&JsValue::from_f64(utc_s as f64 * 1000.0));
    let parts = fmt.format_to_parts(&date);
    let mut f = [0i64; 6];
    for p in parts.iter() {
        let kind = js_sys::Reflect::get(&p, &JsValue::from_str("type"))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let value = js_sys::Reflect::get(&p, &JsValue::from_str("value"))
            .ok()
            .and_then(|v| v.as_string())
            .and_then(|v| v.parse::<i64>().ok());
        let slot = match kind.as_str() {
            "year" => 0,
            "month" => 1,
            "day" => 2,
            "hour" => 3,
            "minute" => 4,
            "second" => 5,
            _ => continue,
        };
        if let (Some(v), Some(s)) = (value, f.get_mut(slot)) {
            *s = v;
        }
    }
    let local = chrono::NaiveDate::from_ymd_opt(f[0] as i32, f[1] as u32, f[2] as u32)
        .and_then(|d| d.and_hms_opt(f[3] as u32 % 24, f[4] as u32, f[5] as u32))
        .ok_or(TzError::Unknown)?
        .and_utc()
        .timestamp();
    let v = i32::try_from(local - utc_s).map_err(|_| TzError::Unknown)?;
    OFFSETS.with(|o| {
        let mut o = o.borrow_mut();
        if o.len() > 200_000 {
            o.clear();
        }
        o.insert(key, v);
    });
    Ok(v)
}
