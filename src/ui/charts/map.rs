//! A schematic world map (equirectangular, coarse coastlines drawn in code,
//! no tiles fetched) with the regions involved and the copy routes.

use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use super::color;
use crate::domain::catalog;
use crate::domain::scenario::Scenario;

/// A region on the map and its role.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPoint {
    pub cloud: &'static str,
    pub lon: f64,
    pub lat: f64,
    /// 0 primary, 1 secondary, 2 other (outage, fork, migration target).
    pub role: u8,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MapData {
    pub points: Vec<MapPoint>,
    /// Copy routes as indices into `points`.
    pub routes: Vec<(usize, usize)>,
}

impl MapData {
    pub fn from_scenario(s: &Scenario) -> MapData {
        let mut points: Vec<MapPoint> = Vec::new();
        let add = |name: &str, role: u8, points: &mut Vec<MapPoint>| -> Option<usize> {
            let r = catalog::region(name)?;
            if let Some(i) = points.iter().position(|p| p.cloud == r.cloud) {
                points[i].role = points[i].role.min(role);
                return Some(i);
            }
            points.push(MapPoint {
                cloud: r.cloud,
                lon: r.lon,
                lat: r.lat,
                role,
            });
            Some(points.len() - 1)
        };
        let primary = s
            .primary_region()
            .and_then(|r| add(r.cloud, 0, &mut points));
        let mut routes = Vec::new();
        for sec in s.secondary_regions() {
            if let (Some(p), Some(i)) = (primary, add(&sec, 1, &mut points)) {
                routes.push((p, i));
            }
        }
        for e in &s.events {
            use crate::domain::scenario::TimelineEvent::*;
            match e {
                ChangeBackupRegion { to, .. } => {
                    if let (Some(p), Some(i)) = (primary, add(to, 1, &mut points)) {
                        routes.push((p, i));
                    }
                }
                Migrate { to, .. } => {
                    add(to, 2, &mut points);
                }
                _ => {}
            }
        }
        MapData { points, routes }
    }
}

/// Coarse outlines (longitude, latitude) of the continents.
const LAND: &[&[(f64, f64)]] = &[
    // North America
    &[
        (-168.0, 65.0),
        (-140.0, 70.0),
        (-95.0, 72.0),
        (-75.0, 62.0),
        (-55.0, 52.0),
        (-70.0, 42.0),
        (-81.0, 30.0),
        (-80.0, 25.0),
        (-90.0, 29.0),
        (-97.0, 20.0),
        (-87.0, 15.0),
        (-78.0, 8.0),
        (-92.0, 15.0),
        (-106.0, 23.0),
        (-117.0, 32.0),
        (-124.0, 40.0),
        (-124.0, 48.0),
        (-135.0, 58.0),
        (-152.0, 60.0),
        (-168.0, 65.0),
    ],
    // South America
    &[
        (-78.0, 8.0),
        (-60.0, 10.0),
        (-50.0, 0.0),
        (-35.0, -7.0),
        (-40.0, -22.0),
        (-48.0, -28.0),
        (-58.0, -38.0),
        (-65.0, -55.0),
        (-73.0, -50.0),
        (-72.0, -30.0),
        (-70.0, -18.0),
        (-81.0, -5.0),
        (-78.0, 8.0),
    ],
    // Africa
    &[
        (-17.0, 21.0),
        (-10.0, 35.0),
        (10.0, 37.0),
        (32.0, 31.0),
        (43.0, 12.0),
        (51.0, 11.0),
        (40.0, -15.0),
        (33.0, -28.0),
        (20.0, -35.0),
        (12.0, -18.0),
        (9.0, 4.0),
        (-8.0, 4.0),
        (-17.0, 14.0),
        (-17.0, 21.0),
    ],
    // Asia
    &[
        (40.0, 66.0),
        (70.0, 73.0),
        (110.0, 77.0),
        (140.0, 72.0),
        (180.0, 68.0),
        (160.0, 58.0),
        (140.0, 50.0),
        (130.0, 42.0),
        (122.0, 31.0),
        (120.0, 22.0),
        (108.0, 16.0),
        (104.0, 1.0),
        (98.0, 8.0),
        (92.0, 21.0),
        (80.0, 8.0),
        (72.0, 20.0),
        (57.0, 25.0),
        (52.0, 16.0),
        (44.0, 12.0),
        (35.0, 33.0),
        (28.0, 41.0),
        (40.0, 45.0),
        (40.0, 66.0),
    ],
    // Australia
    &[
        (114.0, -22.0),
        (122.0, -18.0),
        (131.0, -12.0),
        (142.0, -11.0),
        (146.0, -19.0),
        (153.0, -27.0),
        (150.0, -37.0),
        (140.0, -38.0),
        (131.0, -31.0),
        (115.0, -34.0),
        (114.0, -22.0),
    ],
    // Japan
    &[
        (130.0, 31.0),
        (135.0, 34.0),
        (140.0, 36.0),
        (142.0, 42.0),
        (140.0, 41.0),
        (136.0, 36.0),
        (130.0, 31.0),
    ],
    // Great Britain and Ireland
    &[
        (-6.0, 50.0),
        (2.0, 51.0),
        (-2.0, 56.0),
        (-5.0, 58.5),
        (-6.0, 55.0),
        (-10.0, 52.0),
        (-6.0, 50.0),
    ],
    // Europe (mainland, then Scandinavia)
    &[
        (-9.5, 37.0),
        (-9.0, 43.5),
        (-1.5, 43.5),
        (-4.5, 48.5),
        (2.0, 51.0),
        (8.0, 54.0),
        (14.0, 54.0),
        (14.0, 45.0),
        (8.0, 44.0),
        (3.0, 43.0),
        (-1.0, 37.0),
    ],
    &[
        (14.0, 54.0),
        (24.0, 55.0),
        (30.0, 60.0),
        (40.0, 66.0),
        (40.0, 45.0),
        (29.0, 41.0),
        (22.0, 37.0),
        (13.0, 45.0),
        (14.0, 45.0),
    ],
    &[
        (5.0, 58.0),
        (10.0, 63.0),
        (16.0, 69.0),
        (25.0, 71.0),
        (31.0, 70.0),
        (28.0, 66.0),
        (22.0, 65.5),
        (18.0, 60.0),
        (12.0, 56.0),
    ],
];

pub fn draw(canvas: HtmlCanvasElement, data: &MapData, size: (u32, u32)) -> Result<(), String> {
    let root = super::scaled_root(canvas, size)?;
    root.fill(&RGBColor(234, 242, 248))
        .map_err(|e| e.to_string())?;
    let mut chart = ChartBuilder::on(&root)
        .margin(4)
        .build_cartesian_2d(-180.0..180.0, -60.0..80.0)
        .map_err(|e| e.to_string())?;
    let grid = BLACK.mix(0.08);
    for lon in (-150..=150).step_by(30) {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(f64::from(lon), -60.0), (f64::from(lon), 80.0)],
                grid,
            )))
            .map_err(|e| e.to_string())?;
    }
    for lat in (-30..=60).step_by(30) {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(-180.0, f64::from(lat)), (180.0, f64::from(lat))],
                grid,
            )))
            .map_err(|e| e.to_string())?;
    }
    let land = RGBColor(214, 219, 210);
    chart
        .draw_series(
            LAND.iter()
                .map(|poly| Polygon::new(poly.to_vec(), land.filled())),
        )
        .map_err(|e| e.to_string())?;
    for (a, b) in &data.routes {
        let (Some(p), Some(q)) = (data.points.get(*a), data.points.get(*b)) else {
            continue;
        };
        // A gentle arc: lift the midpoint by a fraction of the distance.
        let (mx, my) = ((p.lon + q.lon) / 2.0, (p.lat + q.lat) / 2.0);
        let lift = ((q.lon - p.lon).abs() + (q.lat - p.lat).abs()) * 0.15;
        let pts: Vec<(f64, f64)> = (0..=24)
            .map(|k| {
                let t = f64::from(k) / 24.0;
                let x = (1.0 - t) * (1.0 - t) * p.lon + 2.0 * (1.0 - t) * t * mx + t * t * q.lon;
                let y = (1.0 - t) * (1.0 - t) * p.lat
                    + 2.0 * (1.0 - t) * t * (my + lift)
                    + t * t * q.lat;
                (x, y)
            })
            .collect();
        chart
            .draw_series(std::iter::once(PathElement::new(
                pts,
                color(1).stroke_width(2),
            )))
            .map_err(|e| e.to_string())?;
    }
    for p in &data.points {
        let c = match p.role {
            0 => color(0),
            1 => color(1),
            _ => color(3),
        };
        chart
            .draw_series(std::iter::once(Circle::new((p.lon, p.lat), 5, c.filled())))
            .map_err(|e| e.to_string())?;
    }
    // Labels in pixels, each where it overlaps no other label and stays
    // inside the map (on a phone, us-east-1 and us-west-2 are 40 px apart).
    let area = chart.plotting_area();
    let base = area.get_base_pixel();
    let (w, h) = area.dim_in_pixel();
    let marks: Vec<(i32, i32, i32)> = data
        .points
        .iter()
        .map(|p| {
            let (ax, ay) = area.map_coordinate(&(p.lon, p.lat));
            (ax - base.0, ay - base.1, label_width(p.cloud))
        })
        .collect();
    let places = place_labels(&marks, w as i32, h as i32);
    let pixels = area.strip_coord_spec();
    for (p, (x, y)) in data.points.iter().zip(places) {
        pixels
            .draw(&Text::new(
                p.cloud.to_string(),
                (x, y),
                ("sans-serif", 12).into_font().color(&BLACK),
            ))
            .map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())
}

/// Height of a map label in pixels (12 px text).
const LABEL_H: i32 = 14;

/// Width of a map label in pixels: about 7 px a character at 12 px.
fn label_width(text: &str) -> i32 {
    7 * text.chars().count() as i32
}

/// Top-left corners for labels of the marks `(x, y, width)`: the first of
/// several spots around each mark (right above, right below, left above,
/// left below, then further out) that overlaps no label placed before it and
/// lies inside `w × h`; the first spot if none does.
fn place_labels(marks: &[(i32, i32, i32)], w: i32, h: i32) -> Vec<(i32, i32)> {
    let mut placed: Vec<(i32, i32, i32, i32)> = Vec::new();
    let mut out = Vec::with_capacity(marks.len());
    for &(x, y, tw) in marks {
        let th = LABEL_H;
        let spots = [
            (x + 7, y - th - 2),
            (x + 7, y + 4),
            (x - 7 - tw, y - th - 2),
            (x - 7 - tw, y + 4),
            (x + 7, y + 6 + th),
            (x + 7, y - 2 * th - 6),
            (x - 7 - tw, y + 6 + th),
            (x - 7 - tw, y - 2 * th - 6),
        ];
        let free = |&(sx, sy): &(i32, i32)| {
            let inside = sx >= 0 && sy >= 0 && sx + tw <= w && sy + th <= h;
            inside
                && placed.iter().all(|&(px, py, pw, ph)| {
                    sx + tw <= px || px + pw <= sx || sy + th <= py || py + ph <= sy
                })
        };
        let (sx, sy) = spots.iter().copied().find(free).unwrap_or(spots[0]);
        placed.push((sx, sy, tw, th));
        out.push((sx, sy));
    }
    out
}

#[cfg(test)]
mod label_tests {
    use super::*;

    #[test]
    fn labels_of_nearby_regions_do_not_overlap() {
        // us-west-2 and us-east-1 on a 310 px phone map, and eu-west-1.
        let marks = [(90, 110, 91), (100, 112, 91), (165, 88, 91)];
        let spots = place_labels(&marks, 310, 230);
        for (i, a) in spots.iter().enumerate() {
            for (j, b) in spots.iter().enumerate().skip(i + 1) {
                let (wa, wb) = (marks[i].2, marks[j].2);
                let apart = a.0 + wa <= b.0
                    || b.0 + wb <= a.0
                    || a.1 + LABEL_H <= b.1
                    || b.1 + LABEL_H <= a.1;
                assert!(apart, "{i} {a:?} and {j} {b:?} overlap");
            }
        }
        for (s, m) in spots.iter().zip(marks) {
            assert!(s.0 >= 0 && s.0 + m.2 <= 310 && s.1 >= 0 && s.1 + LABEL_H <= 230);
        }
    }
}
