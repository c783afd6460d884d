//! Default unit prices: backup storage per region (and, on AWS, per
//! resource type), inter-region transfer per pair, and where each figure
//! comes from. Every figure is in US dollars; the tables are described with
//! their sources in `docs/pricing.md`. A scenario's `prices.regions`
//! overrides win over all of these (see `btar_sim::cost::prices`).

use serde::{Deserialize, Serialize};

use super::catalog::{Continent, Provider, Region};
use super::scenario::{Platform, ResourceType, Scenario};

/// When the tables below were read from the vendors' pricing pages.
pub const PRICES_AS_OF: &str = "2026-11";
/// When the AWS transfer prices below were read.
pub const AWS_TRANSFER_AS_OF: &str = PRICES_AS_OF;

/// Unit prices of one region, in US dollars.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ProviderPrices {
    /// Backup storage, warm tier, per GB-month.
    pub storage_hot_gb_month: f64,
    /// Backup storage, cold tier, per GB-month.
    pub storage_cold_gb_month: f64,
    /// Inter-region transfer per GB, both regions in one geographic group.
    pub transfer_same_continent_gb: f64,
    /// Inter-region transfer per GB, regions in different groups.
    pub transfer_other_continent_gb: f64,
}

/// Where a default price comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriceSource {
    pub provider: Provider,
    /// A short citation a user can follow.
    pub source: &'static str,
    /// True where no published number exists and the value is ours.
    pub assumption: bool,
}

/// Which price list a scenario is billed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceBasis {
    /// Zilliz Cloud bills cross-region backups at its own rates (its
    /// billing example: GCP storage $0.02/GB-month, transfer $0.02/GB within
    /// a continent and $0.08/GB between continents).
    Zilliz,
    /// The cloud's list prices for the region: AWS Backup per resource type,
    /// Cloud Storage, Blob Storage, Spaces, UpCloud Object Storage.
    List(ResourceType),
    /// The cloud's object storage (Aiven keeps its backups in S3, Cloud
    /// Storage or Blob Storage, not in block snapshots): Amazon S3 Standard
    /// on AWS, and the lists above elsewhere. No cold tier.
    ObjectStorage,
}

impl PriceBasis {
    /// The basis a scenario is billed on: Zilliz's rates for Zilliz, the
    /// cloud's list prices (for the workload's resource type) otherwise.
    /// **Assumption** for Aiven: it publishes no separate BTAR price (it
    /// bills BTAR by agreement, network included), so its cross-region
    /// backups are priced at the cloud's object storage list prices, a proxy.
    pub fn of(s: &Scenario) -> PriceBasis {
        match s.platform {
            Platform::Zilliz(_) => PriceBasis::Zilliz,
            Platform::Aiven(_) => PriceBasis::ObjectStorage,
            _ => PriceBasis::List(s.workload.resource_type),
        }
    }
}

/// The provider-wide prices Zilliz's billing uses (and the fallback of
/// providers without per-region tables). See `docs/pricing.md`.
pub fn default_prices(provider: Provider) -> ProviderPrices {
    match provider {
        Provider::Aws => ProviderPrices {
            storage_hot_gb_month: 0.05,
            storage_cold_gb_month: 0.01,
            transfer_same_continent_gb: 0.02,
            transfer_other_continent_gb: 0.02,
        },
        Provider::Google => ProviderPrices {
            storage_hot_gb_month: 0.02,
            storage_cold_gb_month: 0.004,
            transfer_same_continent_gb: 0.02,
            transfer_other_continent_gb: 0.08,
        },
        Provider::Azure => ProviderPrices {
            storage_hot_gb_month: 0.0184,
            storage_cold_gb_month: 0.0036,
            transfer_same_continent_gb: 0.02,
            transfer_other_continent_gb: 0.05,
        },
        Provider::Do => ProviderPrices {
            storage_hot_gb_month: 0.02,
            storage_cold_gb_month: 0.02,
            transfer_same_continent_gb: 0.01,
            transfer_other_continent_gb: 0.01,
        },
        Provider::Upcloud => ProviderPrices {
            storage_hot_gb_month: 0.022,
            storage_cold_gb_month: 0.022,
            transfer_same_continent_gb: 0.0,
            transfer_other_continent_gb: 0.0,
        },
    }
}

/// AWS Backup storage in US East (N. Virginia) per resource type, per
/// GB-month, (warm, cold), from the AWS Backup pricing page as of
/// [`PRICES_AS_OF`]. Cold storage exists for EBS (the EBS Snapshots Archive
/// tier), EFS and DynamoDB only; AWS keeps the other types warm, so their
/// "cold" price is the warm one.
pub fn aws_type_prices(t: ResourceType) -> (f64, f64) {
    match t {
        ResourceType::Ebs => (0.05, 0.0125),
        ResourceType::Ec2 => (0.05, 0.05),
        ResourceType::Rds => (0.095, 0.095),
        ResourceType::Aurora | ResourceType::DocumentDb | ResourceType::Neptune => (0.021, 0.021),
        ResourceType::DynamoDb => (0.10, 0.03),
        ResourceType::Efs => (0.05, 0.01),
        ResourceType::S3 | ResourceType::Fsx => (0.05, 0.05),
    }
}

/// Amazon EBS snapshot storage (standard tier) per GB-month in the regions
/// whose price differs from US East (N. Virginia)'s $0.05, from the Amazon
/// EBS pricing page as of [`PRICES_AS_OF`]. `None` for a region not in the
/// table: it is billed at $0.05 (**assumption**).
pub fn aws_ebs_snapshot_gb_month(id: &str) -> Option<f64> {
    Some(match id {
        "us-east-1" | "us-east-2" | "us-west-2" | "eu-west-1" | "ap-northeast-1"
        | "ap-northeast-2" | "ap-northeast-3" | "ap-southeast-1" | "ap-south-1" => 0.05,
        "us-west-1" | "ca-central-1" | "ap-southeast-2" | "ap-east-1" | "me-south-1" => 0.055,
        "eu-west-2" | "eu-west-3" | "eu-south-1" => 0.053,
        "eu-central-1" => 0.054,
        "eu-north-1" => 0.0475,
        "sa-east-1" => 0.068,
        _ => return None,
    })
}

/// Google Cloud Storage Standard per GB-month by region, from the Cloud
/// Storage pricing page as of [`PRICES_AS_OF`]. `None` for a region not in
/// the table: billed at Iowa's $0.020 (**assumption**).
pub fn gcs_standard_gb_month(id: &str) -> Option<f64> {
    Some(match id {
        "us-central1" | "us-east1" | "us-west1" | "us-east5" | "us-south1" | "europe-west1"
        | "europe-west4" | "europe-north1" | "asia-east1" | "asia-southeast1" => 0.020,
        "us-east4"
        | "us-west2"
        | "us-west3"
        | "us-west4"
        | "northamerica-northeast1"
        | "northamerica-northeast2"
        | "europe-west2"
        | "europe-west3"
        | "europe-central2"
        | "asia-east2"
        | "asia-northeast1"
        | "asia-northeast2"
        | "asia-northeast3"
        | "asia-south1"
        | "asia-south2"
        | "asia-southeast2"
        | "australia-southeast1"
        | "australia-southeast2" => 0.023,
        "europe-west6" => 0.025,
        "southamerica-east1" => 0.035,
        _ => return None,
    })
}

/// Google Cloud Storage Coldline per GB-month by region, from the same
/// Cloud Storage pricing table as [`gcs_standard_gb_month`] (its Coldline
/// column), as of [`PRICES_AS_OF`]. `None` for a region not in the table:
/// see [`gcs_coldline_or_assumed`].
pub fn gcs_coldline_gb_month(id: &str) -> Option<f64> {
    Some(match id {
        "us-central1" | "us-east1" | "us-east5" | "us-west1" | "us-south1" | "europe-north1"
        | "europe-west1" => 0.004,
        "us-east4" | "us-west4" | "europe-central2" | "europe-north2" | "northamerica-south1" => {
            0.006
        }
        "us-west2"
        | "us-west3"
        | "northamerica-northeast1"
        | "northamerica-northeast2"
        | "europe-west2" => 0.007,
        _ => return None,
    })
}

/// Coldline in a region, and whether the figure is an **assumption**: a
/// region outside the table is billed at the Coldline price the listed
/// regions with its Standard price most often have ($0.004 where Standard
/// is $0.020, $0.006 where it is $0.023, $0.007 above that).
pub fn gcs_coldline_or_assumed(id: &str) -> (f64, bool) {
    if let Some(v) = gcs_coldline_gb_month(id) {
        return (v, false);
    }
    let standard = gcs_standard_gb_month(id).unwrap_or(0.020);
    let v = if standard <= 0.020 {
        0.004
    } else if standard <= 0.023 {
        0.006
    } else {
        0.007
    };
    (v, true)
}

/// Google inter-region transfer per GB (Cloud Storage "data transfer
/// within Google Cloud", as of [`PRICES_AS_OF`]): $0.02 within North
/// America or within Europe, $0.08 within any other continent or between
/// continents, $0.15 between continents when one of them is Oceania.
pub fn gcp_transfer_gb(from: Continent, to: Continent) -> f64 {
    use Continent::*;
    if from == to {
        return match from {
            NorthAmerica | Europe => 0.02,
            _ => 0.08,
        };
    }
    if from == Oceania || to == Oceania {
        0.15
    } else {
        0.08
    }
}

/// Azure inter-region transfer per GB (Azure bandwidth pricing, "data
/// transfer between Azure regions", as of [`PRICES_AS_OF`]), priced by the
/// source's continent: within North America or Europe $0.02, within Asia,
/// Oceania, the Middle East or Africa $0.08, within South America $0.16;
/// to another continent $0.05 from North America or Europe, $0.08 from Asia,
/// Oceania, the Middle East or Africa, $0.16 from South America.
pub fn azure_transfer_gb(from: Continent, to: Continent) -> f64 {
    use Continent::*;
    match (from, from == to) {
        (NorthAmerica | Europe, true) => 0.02,
        (NorthAmerica | Europe, false) => 0.05,
        (SouthAmerica, _) => 0.16,
        (Asia | Oceania | MiddleEast | Africa, _) => 0.08,
    }
}

/// AWS bills inter-region transfer by the **source** region ("For DTO and
/// DTIR, we charge for data transfer only based on the source Region", AWS
/// Global Network FAQs). Per GB out to another AWS region, from the "Data
/// Transfer OUT from Amazon EC2 to another AWS Region" row of each source
/// region on the Amazon EC2 On-Demand pricing page, as of
/// [`AWS_TRANSFER_AS_OF`]; US, Canada, Mexico, Europe and Israel regions not
/// listed here are $0.02. The one cheaper pair AWS publishes:
/// US East (N. Virginia) ↔ US East (Ohio), $0.01.
pub fn aws_transfer_gb(from_id: &str, to_id: &str) -> f64 {
    if matches!(
        (from_id, to_id),
        ("us-east-1", "us-east-2") | ("us-east-2", "us-east-1")
    ) {
        return 0.01;
    }
    match from_id {
        "ap-northeast-1" | "ap-northeast-3" | "ap-southeast-1" | "ap-east-1" => 0.09,
        "ap-northeast-2" => 0.08,
        "ap-southeast-2" | "ap-southeast-4" => 0.098,
        "ap-south-1" | "ap-south-2" => 0.086,
        "ap-southeast-3" | "ap-southeast-5" | "ap-southeast-7" | "ap-east-2" => 0.10,
        "ap-southeast-6" => 0.10,
        "sa-east-1" => 0.138,
        "me-south-1" | "me-central-1" => 0.1105,
        "af-south-1" => 0.147,
        _ => 0.02,
    }
}

/// Zilliz Cloud backup storage on AWS, per GB-month (Zilliz's "Storage
/// Cost" page, its AWS us-east-1 backup example), as of [`PRICES_AS_OF`].
pub const ZILLIZ_AWS_BACKUP_GB_MONTH: f64 = 0.025;

/// Amazon S3 Standard, first 50 TB a month, in US East (N. Virginia), per
/// GB-month (the Amazon S3 pricing page), as of [`PRICES_AS_OF`].
pub const S3_STANDARD_US_EAST_1_GB_MONTH: f64 = 0.023;

/// The storage prices of a region on a basis (transfer fields: the
/// provider's same/other-continent defaults, used only where no pair table
/// exists), and whether the region's storage figure is an assumption (the
/// region is not in its table, or the resource type has no per-region
/// price of its own).
pub fn unit_prices(region: &Region, basis: PriceBasis) -> (ProviderPrices, bool) {
    let mut p = default_prices(region.provider);
    let t = match basis {
        PriceBasis::Zilliz => {
            if region.provider == Provider::Aws {
                // Zilliz's own storage page (its AWS us-east-1 example).
                p.storage_hot_gb_month = ZILLIZ_AWS_BACKUP_GB_MONTH;
                p.storage_cold_gb_month = ZILLIZ_AWS_BACKUP_GB_MONTH;
            }
            // Zilliz publishes GCP rates and its AWS storage rate; elsewhere
            // the provider-wide defaults stand in (assumption).
            return (
                p,
                !matches!(region.provider, Provider::Google | Provider::Aws),
            );
        }
        PriceBasis::ObjectStorage if region.provider == Provider::Aws => {
            p.storage_hot_gb_month = S3_STANDARD_US_EAST_1_GB_MONTH;
            p.storage_cold_gb_month = S3_STANDARD_US_EAST_1_GB_MONTH;
            // N. Virginia's price in every region: an assumption elsewhere.
            return (p, region.id != "us-east-1");
        }
        // Cloud Storage, Blob Storage, Spaces, UpCloud: the lists below.
        PriceBasis::ObjectStorage => ResourceType::S3,
        PriceBasis::List(t) => t,
    };
    let assumed = match region.provider {
        Provider::Aws => {
            let (warm, cold) = aws_type_prices(t);
            let regional = aws_ebs_snapshot_gb_month(region.id);
            // Other resource types follow EBS's regional ratio (assumption,
            // even where the ratio is 1: AWS prices each type per region).
            let factor = regional.unwrap_or(0.05) / 0.05;
            p.storage_hot_gb_month = round6(warm * factor);
            p.storage_cold_gb_month = round6(cold * factor);
            regional.is_none()
                || (region.id != "us-east-1" && !matches!(t, ResourceType::Ebs | ResourceType::Ec2))
        }
        Provider::Google => {
            let v = gcs_standard_gb_month(region.id);
            p.storage_hot_gb_month = v.unwrap_or(0.02);
            p.storage_cold_gb_month = gcs_coldline_or_assumed(region.id).0;
            v.is_none()
        }
        // East US prices in every Azure region (assumption outside East US);
        // DigitalOcean and UpCloud publish one price for every region.
        Provider::Azure => region.id != "eastus",
        Provider::Do | Provider::Upcloud => false,
    };
    (p, assumed)
}

/// Whether a region's **cold** storage figure on a basis is an assumption
/// (the flag of [`unit_prices`] is the warm figure's). Differs from it on
/// Cloud Storage, whose Coldline table covers fewer regions than Standard.
pub fn cold_assumed(region: &Region, basis: PriceBasis) -> bool {
    match (basis, region.provider) {
        (PriceBasis::List(_) | PriceBasis::ObjectStorage, Provider::Google) => {
            gcs_coldline_or_assumed(region.id).1
        }
        _ => unit_prices(region, basis).1,
    }
}

/// Price per GB of copying `from` → `to` on a basis.
pub fn transfer_gb(from: &Region, to: &Region, basis: PriceBasis) -> f64 {
    let p = default_prices(from.provider);
    let zilliz = || {
        if from.continent == to.continent {
            p.transfer_same_continent_gb
        } else {
            p.transfer_other_continent_gb
        }
    };
    match (basis, from.provider) {
        (_, Provider::Aws) if to.provider == Provider::Aws => aws_transfer_gb(from.id, to.id),
        (PriceBasis::Zilliz, _) => zilliz(),
        (PriceBasis::List(_) | PriceBasis::ObjectStorage, Provider::Google) => {
            gcp_transfer_gb(from.continent, to.continent)
        }
        (PriceBasis::List(_) | PriceBasis::ObjectStorage, Provider::Azure) => {
            azure_transfer_gb(from.continent, to.continent)
        }
        (PriceBasis::List(_) | PriceBasis::ObjectStorage, _) => zilliz(),
    }
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// The citation for a region's default prices on a basis.
pub fn price_source(region: &Region, basis: PriceBasis) -> PriceSource {
    let provider = region.provider;
    let assumption = unit_prices(region, basis).1;
    let source = match (basis, provider) {
        (PriceBasis::Zilliz, Provider::Google) => "Zilliz Cloud's cross-region backup billing on GCP: storage $0.02/GB-month, transfer $0.02/GB within a continent, $0.08/GB between continents",
        (PriceBasis::Zilliz, Provider::Aws) => "Zilliz Cloud backup storage on AWS $0.025/GB-month (Zilliz's Storage Cost page, as of 2026-11); transfer: Zilliz bills AWS by source continent at rates it does not publish in its docs, so AWS's inter-region price by source region stands in (assumption)",
        (PriceBasis::Zilliz, _) => "Zilliz publishes its GCP rates only: this cloud's provider-wide defaults stand in (assumption); see docs/pricing.md",
        (PriceBasis::ObjectStorage, Provider::Aws) => "Amazon S3 Standard $0.023/GB-month, US East (N. Virginia)'s price (an assumption in other regions), no cold tier; transfer by source region from the Amazon EC2 pricing page; as of 2026-11. A proxy for Aiven, which bills BTAR by agreement",
        (_, Provider::Aws) => "AWS Backup pricing per resource type (US East), scaled by the region's Amazon EBS snapshot price, as of 2026-11; transfer by source region from the Amazon EC2 pricing page (as of 2026-11)",
        (_, Provider::Google) => "Cloud Storage Standard, and Coldline for cold, by region (the Cloud Storage pricing page's table) and Google's inter-region transfer by continent pair, as of 2026-11",
        (_, Provider::Azure) => "Azure Blob LRS Hot $0.0184 and Cold tier $0.0036 per GB-month (East US's, used in every region: an assumption outside East US); transfer by continent pair from Azure bandwidth pricing, as of 2026-11",
        (_, Provider::Do) => "DigitalOcean Spaces $0.02/GB-month and $0.01/GB outbound transfer, as of 2026-11; no cold tier, so cold = warm (assumption)",
        (_, Provider::Upcloud) => "UpCloud Managed Object Storage about $0.022/GB-month, transfer between zones not billed, as of 2026-11; no cold tier, so cold = warm (assumption)",
    };
    PriceSource {
        provider,
        source,
        assumption,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::region;

    fn r(name: &str) -> &'static Region {
        region(name).unwrap()
    }

    #[test]
    fn gcs_prices_differ_by_region() {
        let b = PriceBasis::List(ResourceType::Ebs);
        assert_eq!(
            unit_prices(r("google-us-east4"), b).0.storage_hot_gb_month,
            0.023
        );
        assert_eq!(
            unit_prices(r("google-europe-west3"), b)
                .0
                .storage_hot_gb_month,
            0.023
        );
        assert_eq!(
            unit_prices(r("google-us-west1"), b).0.storage_hot_gb_month,
            0.02
        );
        assert_eq!(
            unit_prices(r("google-southamerica-east1"), b)
                .0
                .storage_hot_gb_month,
            0.035
        );
        // Zilliz keeps its own rate.
        assert_eq!(
            unit_prices(r("google-us-east4"), PriceBasis::Zilliz)
                .0
                .storage_hot_gb_month,
            0.02
        );
    }

    #[test]
    fn gcs_coldline_differs_by_region() {
        let b = PriceBasis::List(ResourceType::Ebs);
        let cold = |id| unit_prices(r(id), b).0.storage_cold_gb_month;
        assert_eq!(cold("google-us-central1"), 0.004);
        assert_eq!(cold("google-us-east4"), 0.006);
        assert_eq!(cold("google-europe-west2"), 0.007);
        assert!(!cold_assumed(r("google-europe-west2"), b));
        // Not in the Coldline table: Standard $0.023 -> $0.006, assumed.
        assert_eq!(cold("google-asia-northeast1"), 0.006);
        assert!(cold_assumed(r("google-asia-northeast1"), b));
        assert!(!unit_prices(r("google-asia-northeast1"), b).1);
    }

    #[test]
    fn aws_prices_follow_resource_type_and_region() {
        let ebs = PriceBasis::List(ResourceType::Ebs);
        assert_eq!(
            unit_prices(r("aws-us-east-1"), ebs).0.storage_hot_gb_month,
            0.05
        );
        assert_eq!(
            unit_prices(r("aws-us-east-1"), ebs).0.storage_cold_gb_month,
            0.0125
        );
        assert_eq!(
            unit_prices(r("aws-sa-east-1"), ebs).0.storage_hot_gb_month,
            0.068
        );
        assert!(!unit_prices(r("aws-sa-east-1"), ebs).1);
        let rds = PriceBasis::List(ResourceType::Rds);
        assert_eq!(
            unit_prices(r("aws-us-east-1"), rds).0.storage_hot_gb_month,
            0.095
        );
        let efs = PriceBasis::List(ResourceType::Efs);
        assert_eq!(
            unit_prices(r("aws-us-east-1"), efs).0.storage_cold_gb_month,
            0.01
        );
    }

    /// A price derived from another (a type's N. Virginia price scaled by
    /// the region's EBS ratio) is an assumption, also where the ratio is 1;
    /// a published one is not.
    #[test]
    fn derived_prices_are_assumptions_even_at_a_ratio_of_one() {
        let rds = PriceBasis::List(ResourceType::Rds);
        let ebs = PriceBasis::List(ResourceType::Ebs);
        // Tokyo's EBS snapshot price is N. Virginia's ($0.05): ratio 1.
        assert_eq!(aws_ebs_snapshot_gb_month("ap-northeast-1"), Some(0.05));
        assert!(unit_prices(r("aws-ap-northeast-1"), rds).1);
        assert!(!unit_prices(r("aws-ap-northeast-1"), ebs).1);
        assert!(!unit_prices(r("aws-us-east-1"), rds).1);
        assert!(price_source(r("aws-ap-northeast-1"), rds).assumption);
    }

    /// Zilliz on AWS at its published backup storage rate; Aiven at the
    /// cloud's object storage (S3 Standard on AWS), with no cold tier.
    #[test]
    fn zilliz_on_aws_and_aiven_have_their_own_storage_prices() {
        let z = unit_prices(r("aws-us-west-2"), PriceBasis::Zilliz);
        assert_eq!(z.0.storage_hot_gb_month, 0.025);
        assert!(!z.1);
        let a = unit_prices(r("aws-us-east-1"), PriceBasis::ObjectStorage);
        assert_eq!(
            (a.0.storage_hot_gb_month, a.0.storage_cold_gb_month, a.1),
            (0.023, 0.023, false)
        );
        // Elsewhere N. Virginia's price stands in.
        assert!(unit_prices(r("aws-eu-central-1"), PriceBasis::ObjectStorage).1);
        // Other clouds' object storage as in their lists.
        assert_eq!(
            unit_prices(r("google-us-west1"), PriceBasis::ObjectStorage)
                .0
                .storage_hot_gb_month,
            0.02
        );
    }

    #[test]
    fn azure_and_gcp_transfer_by_continent_pair() {
        use Continent::*;
        assert_eq!(azure_transfer_gb(NorthAmerica, NorthAmerica), 0.02);
        assert_eq!(azure_transfer_gb(Europe, Asia), 0.05);
        assert_eq!(azure_transfer_gb(Asia, Europe), 0.08);
        assert_eq!(azure_transfer_gb(SouthAmerica, NorthAmerica), 0.16);
        assert_eq!(gcp_transfer_gb(NorthAmerica, Europe), 0.08);
        assert_eq!(gcp_transfer_gb(Europe, Oceania), 0.15);
        assert_eq!(gcp_transfer_gb(Asia, Asia), 0.08);
        let b = PriceBasis::List(ResourceType::Ebs);
        // West Europe → Japan East: $0.05; Japan East → West Europe: $0.08.
        assert_eq!(
            transfer_gb(r("azure-westeurope"), r("azure-japaneast"), b),
            0.05
        );
        assert_eq!(
            transfer_gb(r("azure-japaneast"), r("azure-westeurope"), b),
            0.08
        );
        // The Zilliz basis keeps the billing example's pair prices.
        assert_eq!(
            transfer_gb(
                r("google-us-west1"),
                r("google-europe-west3"),
                PriceBasis::Zilliz
            ),
            0.08
        );
        assert_eq!(
            transfer_gb(
                r("google-us-west1"),
                r("google-us-east4"),
                PriceBasis::Zilliz
            ),
            0.02
        );
    }
}
