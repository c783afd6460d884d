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

/// A zone the page has asked about.
struct Zone {
    name: String,
    /// Its formatter (`None`: the browser does not know the zone).
    format: Option<js_sys::Intl::DateTimeFormat>,
    /// Its offsets by quarter hour of UTC: every offset in use is a
    /// multiple of 15 minutes and changes on a quarter hour.
    offsets: HashMap<i64, i32>,
}

thread_local! {
    /// The zones asked about: a plan names a handful, so a short list
    /// searched in order (emptied past [`MAX_ZONES`] names, as typing a zone
    /// letter by letter asks for many).
    static ZONES: RefCell<Vec<Zone>> = const { RefCell::new(Vec::new()) };
}

/// The most zone names kept.
const MAX_ZONES: usize = 64;
/// The most offsets kept per zone (a century of quarter hours is 3.5
/// million: a long plan's are asked for again rather than all kept).
const MAX_OFFSETS: usize = 200_000;

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
    make().ok()
}

fn offset(zone: &str, utc_s: i64) -> Result<i32, TzError> {
    ZONES.with(|zones| {
        let mut zones = zones.borrow_mut();
        let i = match zones.iter().position(|z| z.name == zone) {
            Some(i) => i,
            None => {
                if zones.len() >= MAX_ZONES {
                    zones.clear();
                }
                zones.push(Zone {
                    name: zone.to_string(),
                    format: formatter(zone),
                    offsets: HashMap::new(),
                });
                zones.len() - 1
            }
        };
        let z = zones.get_mut(i).ok_or(TzError::Unknown)?;
        let quarter = utc_s.div_euclid(900);
        if let Some(v) = z.offsets.get(&quarter) {
            return Ok(*v);
        }
        let v = ask(z.format.as_ref().ok_or(TzError::Unknown)?, utc_s)?;
        if z.offsets.len() >= MAX_OFFSETS {
            z.offsets.clear();
        }
        z.offsets.insert(quarter, v);
        Ok(v)
    })
}

/// The offset `fmt`'s zone has at `utc_s`, from the browser.
fn ask(fmt: &js_sys::Intl::DateTimeFormat, utc_s: i64) -> Result<i32, TzError> {
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
    i32::try_from(local - utc_s).map_err(|_| TzError::Unknown)
}
