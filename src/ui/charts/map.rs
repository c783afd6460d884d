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
    for (i, p) in data.points.iter().enumerate() {
        let c = match p.role {
            0 => color(0),
            1 => color(1),
            _ => color(3),
        };
        chart
            .draw_series(std::iter::once(Circle::new((p.lon, p.lat), 5, c.filled())))
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(std::iter::once(Text::new(
                p.cloud.to_string(),
                // Alternate labels above and below so neighbours do not collide.
                (
                    p.lon + 2.0,
                    if i % 2 == 0 { p.lat + 7.0 } else { p.lat - 2.0 },
                ),
                ("sans-serif", 12).into_font().color(&BLACK),
            )))
            .map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())
}
