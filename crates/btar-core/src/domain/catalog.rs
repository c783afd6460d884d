//! The region catalog: cloud providers, their regions (with Aiven cloud names,
//! the provider's own ids, continents and coordinates) and the default prices
//! that the cost planner starts from. Every price names its source; see
//! `docs/pricing.md`.

use serde::{Deserialize, Serialize};
use std::fmt;

pub use super::pricebook::{aws_transfer_gb, default_prices, PriceSource, ProviderPrices};

/// A cloud provider that hosts regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Aws,
    Google,
    Azure,
    /// DigitalOcean.
    Do,
    Upcloud,
}

impl Provider {
    pub const ALL: [Provider; 5] = [
        Provider::Aws,
        Provider::Google,
        Provider::Azure,
        Provider::Do,
        Provider::Upcloud,
    ];

    /// The prefix of Aiven cloud names (`aws-…`, `google-…`).
    pub fn key(self) -> &'static str {
        match self {
            Provider::Aws => "aws",
            Provider::Google => "google",
            Provider::Azure => "azure",
            Provider::Do => "do",
            Provider::Upcloud => "upcloud",
        }
    }

    pub fn display_name(self) -> &'static str {
        match self {
            Provider::Aws => "Amazon Web Services",
            Provider::Google => "Google Cloud",
            Provider::Azure => "Microsoft Azure",
            Provider::Do => "DigitalOcean",
            Provider::Upcloud => "UpCloud",
        }
    }

    pub fn parse(s: &str) -> Option<Provider> {
        match s.trim().to_ascii_lowercase().as_str() {
            "aws" | "amazon" => Some(Provider::Aws),
            "google" | "gcp" | "gcs" => Some(Provider::Google),
            "azure" | "az" => Some(Provider::Azure),
            "do" | "digitalocean" => Some(Provider::Do),
            "upcloud" => Some(Provider::Upcloud),
            _ => None,
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The geographic group a region belongs to. Transfer between two regions of
/// one group is billed at the provider's same-continent rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Continent {
    NorthAmerica,
    SouthAmerica,
    Europe,
    Asia,
    Oceania,
    MiddleEast,
    Africa,
}

impl Continent {
    pub fn display_name(self) -> &'static str {
        match self {
            Continent::NorthAmerica => "North America",
            Continent::SouthAmerica => "South America",
            Continent::Europe => "Europe",
            Continent::Asia => "Asia-Pacific",
            Continent::Oceania => "Australia and Oceania",
            Continent::MiddleEast => "Middle East",
            Continent::Africa => "Africa",
        }
    }
}

/// One region of one provider.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    /// Aiven's cloud name, the key used throughout a scenario: `aws-eu-west-1`.
    pub cloud: &'static str,
    pub provider: Provider,
    /// The provider's own id: `eu-west-1`, `europe-west3`, `westeurope`.
    pub id: &'static str,
    /// Where it is, for people: `Europe (Ireland)`.
    pub name: &'static str,
    pub continent: Continent,
    pub lat: f64,
    pub lon: f64,
}

impl Region {
    /// Great-circle distance in kilometres.
    pub fn distance_km(&self, other: &Region) -> f64 {
        let (la1, lo1) = (self.lat.to_radians(), self.lon.to_radians());
        let (la2, lo2) = (other.lat.to_radians(), other.lon.to_radians());
        let h = ((la2 - la1) / 2.0).sin().powi(2)
            + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
        2.0 * 6371.0 * h.sqrt().asin()
    }

    /// Default round-trip time between two regions. **Assumption**: light in
    /// fibre covers about 100 km of great-circle distance per millisecond of
    /// round trip once routing detours are counted, plus 2 ms of switching.
    pub fn default_rtt_ms(&self, other: &Region) -> f64 {
        2.0 + self.distance_km(other) / 100.0
    }

    pub fn label(&self) -> String {
        format!("{} — {}", self.cloud, self.name)
    }
}

macro_rules! r {
    ($cloud:literal, $p:ident, $id:literal, $name:literal, $c:ident, $lat:expr, $lon:expr) => {
        Region {
            cloud: $cloud,
            provider: Provider::$p,
            id: $id,
            name: $name,
            continent: Continent::$c,
            lat: $lat,
            lon: $lon,
        }
    };
}

/// Every region the planner knows, grouped by provider.
pub static REGIONS: &[Region] = &[
    // Amazon Web Services
    r!(
        "aws-us-east-1",
        Aws,
        "us-east-1",
        "US East (N. Virginia)",
        NorthAmerica,
        38.9,
        -77.4
    ),
    r!(
        "aws-us-east-2",
        Aws,
        "us-east-2",
        "US East (Ohio)",
        NorthAmerica,
        40.0,
        -83.0
    ),
    r!(
        "aws-us-west-1",
        Aws,
        "us-west-1",
        "US West (N. California)",
        NorthAmerica,
        37.4,
        -122.0
    ),
    r!(
        "aws-us-west-2",
        Aws,
        "us-west-2",
        "US West (Oregon)",
        NorthAmerica,
        45.8,
        -119.7
    ),
    r!(
        "aws-ca-central-1",
        Aws,
        "ca-central-1",
        "Canada (Central)",
        NorthAmerica,
        45.5,
        -73.6
    ),
    r!(
        "aws-sa-east-1",
        Aws,
        "sa-east-1",
        "South America (São Paulo)",
        SouthAmerica,
        -23.5,
        -46.6
    ),
    r!(
        "aws-eu-west-1",
        Aws,
        "eu-west-1",
        "Europe (Ireland)",
        Europe,
        53.3,
        -6.3
    ),
    r!(
        "aws-eu-west-2",
        Aws,
        "eu-west-2",
        "Europe (London)",
        Europe,
        51.5,
        -0.1
    ),
    r!(
        "aws-eu-west-3",
        Aws,
        "eu-west-3",
        "Europe (Paris)",
        Europe,
        48.9,
        2.4
    ),
    r!(
        "aws-eu-central-1",
        Aws,
        "eu-central-1",
        "Europe (Frankfurt)",
        Europe,
        50.1,
        8.7
    ),
    r!(
        "aws-eu-north-1",
        Aws,
        "eu-north-1",
        "Europe (Stockholm)",
        Europe,
        59.3,
        18.1
    ),
    r!(
        "aws-eu-south-1",
        Aws,
        "eu-south-1",
        "Europe (Milan)",
        Europe,
        45.5,
        9.2
    ),
    r!(
        "aws-ap-northeast-1",
        Aws,
        "ap-northeast-1",
        "Asia Pacific (Tokyo)",
        Asia,
        35.7,
        139.7
    ),
    r!(
        "aws-ap-northeast-2",
        Aws,
        "ap-northeast-2",
        "Asia Pacific (Seoul)",
        Asia,
        37.6,
        127.0
    ),
    r!(
        "aws-ap-southeast-1",
        Aws,
        "ap-southeast-1",
        "Asia Pacific (Singapore)",
        Asia,
        1.35,
        103.8
    ),
    r!(
        "aws-ap-southeast-2",
        Aws,
        "ap-southeast-2",
        "Asia Pacific (Sydney)",
        Oceania,
        -33.9,
        151.2
    ),
    r!(
        "aws-ap-south-1",
        Aws,
        "ap-south-1",
        "Asia Pacific (Mumbai)",
        Asia,
        19.1,
        72.9
    ),
    r!(
        "aws-me-south-1",
        Aws,
        "me-south-1",
        "Middle East (Bahrain)",
        MiddleEast,
        26.1,
        50.6
    ),
    r!(
        "aws-af-south-1",
        Aws,
        "af-south-1",
        "Africa (Cape Town)",
        Africa,
        -33.9,
        18.4
    ),
    r!(
        "aws-ap-east-1",
        Aws,
        "ap-east-1",
        "Asia Pacific (Hong Kong)",
        Asia,
        22.3,
        114.2
    ),
    r!(
        "aws-ap-east-2",
        Aws,
        "ap-east-2",
        "Asia Pacific (Taipei)",
        Asia,
        25.0,
        121.5
    ),
    r!(
        "aws-ap-northeast-3",
        Aws,
        "ap-northeast-3",
        "Asia Pacific (Osaka)",
        Asia,
        34.7,
        135.5
    ),
    r!(
        "aws-ap-south-2",
        Aws,
        "ap-south-2",
        "Asia Pacific (Hyderabad)",
        Asia,
        17.4,
        78.5
    ),
    r!(
        "aws-ap-southeast-3",
        Aws,
        "ap-southeast-3",
        "Asia Pacific (Jakarta)",
        Asia,
        -6.2,
        106.8
    ),
    r!(
        "aws-ap-southeast-4",
        Aws,
        "ap-southeast-4",
        "Asia Pacific (Melbourne)",
        Oceania,
        -37.8,
        145.0
    ),
    r!(
        "aws-ap-southeast-5",
        Aws,
        "ap-southeast-5",
        "Asia Pacific (Malaysia)",
        Asia,
        3.1,
        101.7
    ),
    r!(
        "aws-ap-southeast-6",
        Aws,
        "ap-southeast-6",
        "Asia Pacific (New Zealand)",
        Oceania,
        -36.8,
        174.8
    ),
    r!(
        "aws-ap-southeast-7",
        Aws,
        "ap-southeast-7",
        "Asia Pacific (Thailand)",
        Asia,
        13.8,
        100.5
    ),
    r!(
        "aws-ca-west-1",
        Aws,
        "ca-west-1",
        "Canada West (Calgary)",
        NorthAmerica,
        51.0,
        -114.1
    ),
    r!(
        "aws-eu-central-2",
        Aws,
        "eu-central-2",
        "Europe (Zurich)",
        Europe,
        47.4,
        8.5
    ),
    r!(
        "aws-eu-south-2",
        Aws,
        "eu-south-2",
        "Europe (Spain)",
        Europe,
        41.6,
        -0.9
    ),
    r!(
        "aws-il-central-1",
        Aws,
        "il-central-1",
        "Israel (Tel Aviv)",
        MiddleEast,
        32.1,
        34.8
    ),
    r!(
        "aws-me-central-1",
        Aws,
        "me-central-1",
        "Middle East (UAE)",
        MiddleEast,
        24.5,
        54.4
    ),
    r!(
        "aws-mx-central-1",
        Aws,
        "mx-central-1",
        "Mexico (Central)",
        NorthAmerica,
        20.6,
        -100.4
    ),
    // Google Cloud
    r!(
        "google-us-central1",
        Google,
        "us-central1",
        "Iowa, USA",
        NorthAmerica,
        41.3,
        -95.9
    ),
    r!(
        "google-us-east1",
        Google,
        "us-east1",
        "South Carolina, USA",
        NorthAmerica,
        33.2,
        -80.0
    ),
    r!(
        "google-us-east4",
        Google,
        "us-east4",
        "Northern Virginia, USA",
        NorthAmerica,
        39.0,
        -77.5
    ),
    r!(
        "google-us-west1",
        Google,
        "us-west1",
        "Oregon, USA",
        NorthAmerica,
        45.6,
        -121.2
    ),
    r!(
        "google-us-west2",
        Google,
        "us-west2",
        "Los Angeles, USA",
        NorthAmerica,
        34.05,
        -118.24
    ),
    r!(
        "google-northamerica-northeast1",
        Google,
        "northamerica-northeast1",
        "Montréal, Canada",
        NorthAmerica,
        45.5,
        -73.6
    ),
    r!(
        "google-southamerica-east1",
        Google,
        "southamerica-east1",
        "São Paulo, Brazil",
        SouthAmerica,
        -23.5,
        -46.6
    ),
    r!(
        "google-europe-west1",
        Google,
        "europe-west1",
        "Belgium",
        Europe,
        50.4,
        3.8
    ),
    r!(
        "google-europe-west2",
        Google,
        "europe-west2",
        "London, UK",
        Europe,
        51.5,
        -0.1
    ),
    r!(
        "google-europe-west3",
        Google,
        "europe-west3",
        "Frankfurt, Germany",
        Europe,
        50.1,
        8.7
    ),
    r!(
        "google-europe-west4",
        Google,
        "europe-west4",
        "Netherlands",
        Europe,
        53.4,
        6.8
    ),
    r!(
        "google-europe-north1",
        Google,
        "europe-north1",
        "Finland",
        Europe,
        60.6,
        27.2
    ),
    r!(
        "google-asia-east1",
        Google,
        "asia-east1",
        "Taiwan",
        Asia,
        24.0,
        120.5
    ),
    r!(
        "google-asia-northeast1",
        Google,
        "asia-northeast1",
        "Tokyo, Japan",
        Asia,
        35.7,
        139.7
    ),
    r!(
        "google-asia-southeast1",
        Google,
        "asia-southeast1",
        "Singapore",
        Asia,
        1.35,
        103.8
    ),
    r!(
        "google-asia-south1",
        Google,
        "asia-south1",
        "Mumbai, India",
        Asia,
        19.1,
        72.9
    ),
    r!(
        "google-australia-southeast1",
        Google,
        "australia-southeast1",
        "Sydney, Australia",
        Oceania,
        -33.9,
        151.2
    ),
    r!(
        "google-us-east5",
        Google,
        "us-east5",
        "Columbus, Ohio, USA",
        NorthAmerica,
        40.0,
        -83.0
    ),
    r!(
        "google-us-south1",
        Google,
        "us-south1",
        "Dallas, Texas, USA",
        NorthAmerica,
        32.8,
        -96.8
    ),
    r!(
        "google-us-west3",
        Google,
        "us-west3",
        "Salt Lake City, Utah, USA",
        NorthAmerica,
        40.8,
        -111.9
    ),
    r!(
        "google-us-west4",
        Google,
        "us-west4",
        "Las Vegas, Nevada, USA",
        NorthAmerica,
        36.2,
        -115.1
    ),
    r!(
        "google-northamerica-northeast2",
        Google,
        "northamerica-northeast2",
        "Toronto, Canada",
        NorthAmerica,
        43.7,
        -79.4
    ),
    r!(
        "google-northamerica-south1",
        Google,
        "northamerica-south1",
        "Querétaro, Mexico",
        NorthAmerica,
        20.6,
        -100.4
    ),
    r!(
        "google-southamerica-west1",
        Google,
        "southamerica-west1",
        "Santiago, Chile",
        SouthAmerica,
        -33.4,
        -70.6
    ),
    r!(
        "google-europe-west6",
        Google,
        "europe-west6",
        "Zurich, Switzerland",
        Europe,
        47.4,
        8.5
    ),
    r!(
        "google-europe-west8",
        Google,
        "europe-west8",
        "Milan, Italy",
        Europe,
        45.5,
        9.2
    ),
    r!(
        "google-europe-west9",
        Google,
        "europe-west9",
        "Paris, France",
        Europe,
        48.9,
        2.4
    ),
    r!(
        "google-europe-west10",
        Google,
        "europe-west10",
        "Berlin, Germany",
        Europe,
        52.5,
        13.4
    ),
    r!(
        "google-europe-west12",
        Google,
        "europe-west12",
        "Turin, Italy",
        Europe,
        45.1,
        7.7
    ),
    r!(
        "google-europe-central2",
        Google,
        "europe-central2",
        "Warsaw, Poland",
        Europe,
        52.2,
        21.0
    ),
    r!(
        "google-europe-southwest1",
        Google,
        "europe-southwest1",
        "Madrid, Spain",
        Europe,
        40.4,
        -3.7
    ),
    r!(
        "google-europe-north2",
        Google,
        "europe-north2",
        "Stockholm, Sweden",
        Europe,
        59.3,
        18.1
    ),
    r!(
        "google-me-west1",
        Google,
        "me-west1",
        "Tel Aviv, Israel",
        MiddleEast,
        32.1,
        34.8
    ),
    r!(
        "google-me-central1",
        Google,
        "me-central1",
        "Doha, Qatar",
        MiddleEast,
        25.3,
        51.5
    ),
    r!(
        "google-me-central2",
        Google,
        "me-central2",
        "Dammam, Saudi Arabia",
        MiddleEast,
        26.4,
        50.1
    ),
    r!(
        "google-asia-east2",
        Google,
        "asia-east2",
        "Hong Kong",
        Asia,
        22.3,
        114.2
    ),
    r!(
        "google-asia-northeast2",
        Google,
        "asia-northeast2",
        "Osaka, Japan",
        Asia,
        34.7,
        135.5
    ),
    r!(
        "google-asia-northeast3",
        Google,
        "asia-northeast3",
        "Seoul, South Korea",
        Asia,
        37.6,
        127.0
    ),
    r!(
        "google-asia-south2",
        Google,
        "asia-south2",
        "Delhi, India",
        Asia,
        28.6,
        77.2
    ),
    r!(
        "google-asia-southeast2",
        Google,
        "asia-southeast2",
        "Jakarta, Indonesia",
        Asia,
        -6.2,
        106.8
    ),
    r!(
        "google-australia-southeast2",
        Google,
        "australia-southeast2",
        "Melbourne, Australia",
        Oceania,
        -37.8,
        145.0
    ),
    r!(
        "google-africa-south1",
        Google,
        "africa-south1",
        "Johannesburg, South Africa",
        Africa,
        -26.2,
        28.0
    ),
    // Microsoft Azure
    r!(
        "azure-eastus",
        Azure,
        "eastus",
        "East US (Virginia)",
        NorthAmerica,
        37.4,
        -79.4
    ),
    r!(
        "azure-eastus2",
        Azure,
        "eastus2",
        "East US 2 (Virginia)",
        NorthAmerica,
        36.7,
        -78.4
    ),
    r!(
        "azure-centralus",
        Azure,
        "centralus",
        "Central US (Iowa)",
        NorthAmerica,
        41.6,
        -93.6
    ),
    r!(
        "azure-westus2",
        Azure,
        "westus2",
        "West US 2 (Washington)",
        NorthAmerica,
        47.2,
        -119.9
    ),
    r!(
        "azure-canadacentral",
        Azure,
        "canadacentral",
        "Canada Central (Toronto)",
        NorthAmerica,
        43.65,
        -79.4
    ),
    r!(
        "azure-brazilsouth",
        Azure,
        "brazilsouth",
        "Brazil South (São Paulo)",
        SouthAmerica,
        -23.5,
        -46.6
    ),
    r!(
        "azure-westeurope",
        Azure,
        "westeurope",
        "West Europe (Netherlands)",
        Europe,
        52.4,
        4.9
    ),
    r!(
        "azure-northeurope",
        Azure,
        "northeurope",
        "North Europe (Ireland)",
        Europe,
        53.3,
        -6.3
    ),
    r!(
        "azure-germany-westcentral",
        Azure,
        "germanywestcentral",
        "Germany West Central (Frankfurt)",
        Europe,
        50.1,
        8.7
    ),
    r!(
        "azure-uksouth",
        Azure,
        "uksouth",
        "UK South (London)",
        Europe,
        51.5,
        -0.1
    ),
    r!(
        "azure-southeastasia",
        Azure,
        "southeastasia",
        "Southeast Asia (Singapore)",
        Asia,
        1.28,
        103.8
    ),
    r!(
        "azure-japaneast",
        Azure,
        "japaneast",
        "Japan East (Tokyo)",
        Asia,
        35.7,
        139.8
    ),
    r!(
        "azure-australiaeast",
        Azure,
        "australiaeast",
        "Australia East (New South Wales)",
        Oceania,
        -33.9,
        151.2
    ),
    r!(
        "azure-westus",
        Azure,
        "westus",
        "West US (California)",
        NorthAmerica,
        37.8,
        -122.4
    ),
    r!(
        "azure-westus3",
        Azure,
        "westus3",
        "West US 3 (Arizona)",
        NorthAmerica,
        33.4,
        -112.1
    ),
    r!(
        "azure-southcentralus",
        Azure,
        "southcentralus",
        "South Central US (Texas)",
        NorthAmerica,
        29.4,
        -98.5
    ),
    r!(
        "azure-northcentralus",
        Azure,
        "northcentralus",
        "North Central US (Illinois)",
        NorthAmerica,
        41.9,
        -87.6
    ),
    r!(
        "azure-westcentralus",
        Azure,
        "westcentralus",
        "West Central US (Wyoming)",
        NorthAmerica,
        41.1,
        -104.8
    ),
    r!(
        "azure-canadaeast",
        Azure,
        "canadaeast",
        "Canada East (Quebec City)",
        NorthAmerica,
        46.8,
        -71.2
    ),
    r!(
        "azure-mexicocentral",
        Azure,
        "mexicocentral",
        "Mexico Central (Querétaro)",
        NorthAmerica,
        20.6,
        -100.4
    ),
    r!(
        "azure-ukwest",
        Azure,
        "ukwest",
        "UK West (Cardiff)",
        Europe,
        51.5,
        -3.2
    ),
    r!(
        "azure-francecentral",
        Azure,
        "francecentral",
        "France Central (Paris)",
        Europe,
        48.9,
        2.4
    ),
    r!(
        "azure-switzerlandnorth",
        Azure,
        "switzerlandnorth",
        "Switzerland North (Zurich)",
        Europe,
        47.4,
        8.5
    ),
    r!(
        "azure-norwayeast",
        Azure,
        "norwayeast",
        "Norway East (Oslo)",
        Europe,
        59.9,
        10.8
    ),
    r!(
        "azure-swedencentral",
        Azure,
        "swedencentral",
        "Sweden Central (Gävle)",
        Europe,
        60.7,
        17.1
    ),
    r!(
        "azure-italynorth",
        Azure,
        "italynorth",
        "Italy North (Milan)",
        Europe,
        45.5,
        9.2
    ),
    r!(
        "azure-polandcentral",
        Azure,
        "polandcentral",
        "Poland Central (Warsaw)",
        Europe,
        52.2,
        21.0
    ),
    r!(
        "azure-spaincentral",
        Azure,
        "spaincentral",
        "Spain Central (Madrid)",
        Europe,
        40.4,
        -3.7
    ),
    r!(
        "azure-eastasia",
        Azure,
        "eastasia",
        "East Asia (Hong Kong)",
        Asia,
        22.3,
        114.2
    ),
    r!(
        "azure-japanwest",
        Azure,
        "japanwest",
        "Japan West (Osaka)",
        Asia,
        34.7,
        135.5
    ),
    r!(
        "azure-koreacentral",
        Azure,
        "koreacentral",
        "Korea Central (Seoul)",
        Asia,
        37.6,
        127.0
    ),
    r!(
        "azure-centralindia",
        Azure,
        "centralindia",
        "Central India (Pune)",
        Asia,
        18.5,
        73.9
    ),
    r!(
        "azure-southindia",
        Azure,
        "southindia",
        "South India (Chennai)",
        Asia,
        13.1,
        80.3
    ),
    r!(
        "azure-indonesiacentral",
        Azure,
        "indonesiacentral",
        "Indonesia Central (Jakarta)",
        Asia,
        -6.2,
        106.8
    ),
    r!(
        "azure-australiasoutheast",
        Azure,
        "australiasoutheast",
        "Australia Southeast (Victoria)",
        Oceania,
        -37.8,
        145.0
    ),
    r!(
        "azure-newzealandnorth",
        Azure,
        "newzealandnorth",
        "New Zealand North (Auckland)",
        Oceania,
        -36.8,
        174.8
    ),
    r!(
        "azure-uaenorth",
        Azure,
        "uaenorth",
        "UAE North (Dubai)",
        MiddleEast,
        25.3,
        55.3
    ),
    r!(
        "azure-qatarcentral",
        Azure,
        "qatarcentral",
        "Qatar Central (Doha)",
        MiddleEast,
        25.3,
        51.5
    ),
    r!(
        "azure-israelcentral",
        Azure,
        "israelcentral",
        "Israel Central",
        MiddleEast,
        32.1,
        34.8
    ),
    r!(
        "azure-southafricanorth",
        Azure,
        "southafricanorth",
        "South Africa North (Johannesburg)",
        Africa,
        -26.2,
        28.0
    ),
    // DigitalOcean
    r!(
        "do-nyc",
        Do,
        "nyc",
        "New York, USA",
        NorthAmerica,
        40.7,
        -74.0
    ),
    r!(
        "do-sfo",
        Do,
        "sfo",
        "San Francisco, USA",
        NorthAmerica,
        37.8,
        -122.4
    ),
    r!(
        "do-tor",
        Do,
        "tor",
        "Toronto, Canada",
        NorthAmerica,
        43.65,
        -79.4
    ),
    r!(
        "do-ams",
        Do,
        "ams",
        "Amsterdam, Netherlands",
        Europe,
        52.37,
        4.9
    ),
    r!("do-fra", Do, "fra", "Frankfurt, Germany", Europe, 50.1, 8.7),
    r!("do-lon", Do, "lon", "London, UK", Europe, 51.5, -0.1),
    r!("do-sgp", Do, "sgp", "Singapore", Asia, 1.35, 103.8),
    r!("do-blr", Do, "blr", "Bangalore, India", Asia, 12.97, 77.6),
    r!(
        "do-syd",
        Do,
        "syd",
        "Sydney, Australia",
        Oceania,
        -33.9,
        151.2
    ),
    r!(
        "do-atl",
        Do,
        "atl",
        "Atlanta, Georgia, USA",
        NorthAmerica,
        33.7,
        -84.4
    ),
    // UpCloud
    r!(
        "upcloud-fi-hel1",
        Upcloud,
        "fi-hel1",
        "Helsinki #1, Finland",
        Europe,
        60.17,
        24.94
    ),
    r!(
        "upcloud-fi-hel2",
        Upcloud,
        "fi-hel2",
        "Helsinki #2, Finland",
        Europe,
        60.2,
        24.9
    ),
    r!(
        "upcloud-de-fra1",
        Upcloud,
        "de-fra1",
        "Frankfurt, Germany",
        Europe,
        50.1,
        8.7
    ),
    r!(
        "upcloud-nl-ams1",
        Upcloud,
        "nl-ams1",
        "Amsterdam, Netherlands",
        Europe,
        52.37,
        4.9
    ),
    r!(
        "upcloud-uk-lon1",
        Upcloud,
        "uk-lon1",
        "London, UK",
        Europe,
        51.5,
        -0.1
    ),
    r!(
        "upcloud-es-mad1",
        Upcloud,
        "es-mad1",
        "Madrid, Spain",
        Europe,
        40.4,
        -3.7
    ),
    r!(
        "upcloud-pl-waw1",
        Upcloud,
        "pl-waw1",
        "Warsaw, Poland",
        Europe,
        52.2,
        21.0
    ),
    r!(
        "upcloud-se-sto1",
        Upcloud,
        "se-sto1",
        "Stockholm, Sweden",
        Europe,
        59.3,
        18.1
    ),
    r!(
        "upcloud-us-nyc1",
        Upcloud,
        "us-nyc1",
        "New York, USA",
        NorthAmerica,
        40.7,
        -74.0
    ),
    r!(
        "upcloud-us-chi1",
        Upcloud,
        "us-chi1",
        "Chicago, USA",
        NorthAmerica,
        41.9,
        -87.6
    ),
    r!(
        "upcloud-sg-sin1",
        Upcloud,
        "sg-sin1",
        "Singapore",
        Asia,
        1.35,
        103.8
    ),
    r!(
        "upcloud-au-syd1",
        Upcloud,
        "au-syd1",
        "Sydney, Australia",
        Oceania,
        -33.9,
        151.2
    ),
    r!(
        "upcloud-us-sjo1",
        Upcloud,
        "us-sjo1",
        "San Jose, California, USA",
        NorthAmerica,
        37.3,
        -121.9
    ),
    r!(
        "upcloud-dk-cph1",
        Upcloud,
        "dk-cph1",
        "Copenhagen, Denmark",
        Europe,
        55.7,
        12.6
    ),
    r!(
        "upcloud-no-svg1",
        Upcloud,
        "no-svg1",
        "Stavanger, Norway",
        Europe,
        59.0,
        5.7
    ),
];

/// Looks a region up by its Aiven cloud name (`aws-eu-west-1`) or by a
/// Zilliz-style id (`gcp-us-west1`, `aws-us-west-2`). Case and surrounding
/// blanks are ignored.
pub fn region(name: &str) -> Option<&'static Region> {
    let n = name.trim().to_ascii_lowercase();
    if let Some(r) = REGIONS.iter().find(|r| r.cloud == n) {
        return Some(r);
    }
    // Zilliz and others write `gcp-` and `az-` for Google and Azure.
    let (prefix, rest) = n.split_once('-')?;
    let provider = Provider::parse(prefix)?;
    by_provider_id(provider, rest)
}

/// Looks a region up by the provider's own id (`us-west-2` for AWS).
pub fn by_provider_id(provider: Provider, id: &str) -> Option<&'static Region> {
    let id = id.trim().to_ascii_lowercase();
    REGIONS
        .iter()
        .find(|r| r.provider == provider && r.id == id)
}

/// The regions of one provider.
pub fn regions_of(provider: Provider) -> impl Iterator<Item = &'static Region> {
    REGIONS.iter().filter(move |r| r.provider == provider)
}

/// Up to three known names closest to `name`, for "did you mean" messages.
pub fn suggest(name: &str) -> Vec<&'static str> {
    let n = name.trim().to_ascii_lowercase();
    // No region name is this long, and comparing one costs its length
    // squared: a pasted page of text gets no suggestion.
    if n.len() > 64 {
        return Vec::new();
    }
    let mut scored: Vec<(f64, &'static str)> = REGIONS
        .iter()
        .map(|r| {
            let a = strsim::jaro_winkler(&n, r.cloud);
            let b = strsim::jaro_winkler(&n, r.id);
            (a.max(b), r.cloud)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .filter(|(s, _)| *s > 0.6)
        .take(3)
        .map(|(_, c)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_has_at_least_forty_regions_over_five_providers() {
        assert!(REGIONS.len() >= 40);
        for p in Provider::ALL {
            assert!(regions_of(p).count() >= 5, "{p} has too few regions");
        }
    }

    #[test]
    fn cloud_names_are_unique_and_start_with_their_provider() {
        let mut seen = std::collections::HashSet::new();
        for r in REGIONS {
            assert!(seen.insert(r.cloud), "duplicate {}", r.cloud);
            assert!(r.cloud.starts_with(&format!("{}-", r.provider.key())));
            assert!((-90.0..=90.0).contains(&r.lat) && (-180.0..=180.0).contains(&r.lon));
        }
    }

    #[test]
    fn lookup_accepts_aiven_and_zilliz_spellings() {
        assert_eq!(region("aws-eu-west-1").map(|r| r.id), Some("eu-west-1"));
        assert_eq!(
            region(" Google-Europe-West3 ").map(|r| r.cloud),
            Some("google-europe-west3")
        );
        assert_eq!(
            region("gcp-us-west1").map(|r| r.cloud),
            Some("google-us-west1")
        );
        assert_eq!(
            region("az-westeurope").map(|r| r.cloud),
            Some("azure-westeurope")
        );
        assert!(region("aws-mars-north-1").is_none());
        assert!(region("").is_none());
    }

    #[test]
    fn suggestions_find_the_nearest_real_names() {
        let s = suggest("aws-eu-west-7");
        assert!(s.contains(&"aws-eu-west-1"), "{s:?}");
        let s = suggest("google-europe-west33");
        assert_eq!(s.first(), Some(&"google-europe-west3"));
    }

    #[test]
    fn distance_between_oregon_and_virginia_is_about_3700_km() {
        let a = region("google-us-west1").unwrap();
        let b = region("google-us-east4").unwrap();
        let d = a.distance_km(b);
        assert!((3500.0..3900.0).contains(&d), "{d}");
        assert_eq!(a.distance_km(a), 0.0);
    }
}
