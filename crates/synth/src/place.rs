//! The seed county's places and invented names.

use crate::time::Rand;
use rand::Rng;
use rand::seq::SliceRandom;

/// A locality: its name, its team's ID suffix, its share of the county's
/// children, and its LE postcode districts.
pub(crate) struct Locality {
    pub name: &'static str,
    pub key: &'static str,
    pub weight: u32,
    pub districts: &'static [&'static str],
}

pub(crate) const LOCALITIES: &[Locality] = &[
    Locality { name: "Charnwood", key: "CHARNWOOD", weight: 25, districts: &["LE11", "LE12", "LE7"] },
    Locality { name: "Hinckley & Bosworth", key: "HINCKLEY", weight: 16, districts: &["LE10", "LE9", "LE67"] },
    Locality { name: "Melton", key: "MELTON", weight: 7, districts: &["LE13", "LE14"] },
    Locality { name: "North West Leicestershire", key: "NWLEICS", weight: 15, districts: &["LE65", "LE67", "LE12"] },
    Locality { name: "Oadby & Wigston", key: "OADBY", weight: 9, districts: &["LE2", "LE18"] },
    Locality { name: "Blaby", key: "BLABY", weight: 14, districts: &["LE19", "LE8", "LE3", "LE9"] },
    Locality { name: "Harborough", key: "HARBOROUGH", weight: 14, districts: &["LE16", "LE17", "LE8"] },
];

/// Districts beyond the county where out-of-area placements are made.
const OUT_OF_AREA: &[&str] =
    &["NG2", "NG11", "DE11", "DE74", "CV11", "CV21", "B76", "PE9", "NN17", "LE1", "LE4", "LE5"];

/// Inward-code letters (C, I, K, M, O and V are never used).
const INWARD: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

fn postcode_in(rng: &mut impl Rng, district: &str) -> String {
    let l1 = INWARD[rng.gen_range(0..INWARD.len())] as char;
    let l2 = INWARD[rng.gen_range(0..INWARD.len())] as char;
    format!("{district} {}{l1}{l2}", rng.gen_range(0..10))
}

/// A locality, weighted by its share of children.
pub(crate) fn locality(rng: &mut impl Rng) -> usize {
    let weights: Vec<(usize, u32)> = LOCALITIES.iter().enumerate().map(|(i, l)| (i, l.weight)).collect();
    rng.weighted(&weights)
}

/// A home postcode in the locality.
pub(crate) fn home_postcode(rng: &mut impl Rng, locality: usize) -> String {
    let district = LOCALITIES[locality].districts.choose(rng).copied().unwrap_or("LE1");
    postcode_in(rng, district)
}

/// A placement postcode: mostly in the county, some out of area.
pub(crate) fn placement_postcode(rng: &mut impl Rng, out_of_area: bool) -> String {
    let district = if out_of_area {
        OUT_OF_AREA.choose(rng).copied().unwrap_or("NG2")
    } else {
        let l = locality(rng);
        LOCALITIES[l].districts.choose(rng).copied().unwrap_or("LE1")
    };
    postcode_in(rng, district)
}

const GIRLS: &[&str] = &[
    "Amelia", "Olivia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya", "Florence", "Sophia", "Grace", "Evie", "Poppy",
    "Ella", "Willow", "Harper", "Daisy", "Ruby", "Sienna", "Phoebe", "Chloe", "Jessica", "Amber", "Leah", "Megan",
    "Zara", "Aisha", "Priya", "Maya", "Nadia", "Keira", "Tia", "Courtney", "Jade", "Kayla", "Skye", "Hollie", "Millie",
    "Lacey", "Esme",
];
const BOYS: &[&str] = &[
    "Noah", "Oliver", "George", "Arthur", "Leo", "Harry", "Oscar", "Theo", "Jack", "Charlie", "Freddie", "Alfie",
    "Henry", "Finley", "Archie", "Ethan", "Mason", "Logan", "Riley", "Tyler", "Kyle", "Callum", "Connor", "Jayden",
    "Kai", "Reece", "Ryan", "Liam", "Dylan", "Jacob", "Harvey", "Lewis", "Aaron", "Bailey", "Rohan", "Arjun", "Yusuf",
    "Ibrahim", "Kacper", "Filip",
];
const SURNAMES: &[&str] = &[
    "Ashdown",
    "Bramley",
    "Carrow",
    "Denholm",
    "Elsworth",
    "Fairleigh",
    "Garside",
    "Hatherley",
    "Ingleby",
    "Jessop",
    "Kettleby",
    "Langdon",
    "Marwood",
    "Netherby",
    "Oakham",
    "Pilling",
    "Quorndon",
    "Ratcliffe",
    "Shenton",
    "Thurlby",
    "Ullesthorpe",
    "Vessey",
    "Whetstone",
    "Yardley",
    "Appleby",
    "Birstall",
    "Cosby",
    "Diseworth",
    "Enderby",
    "Frisby",
    "Glenfield",
    "Hallaton",
    "Ibstock",
    "Knighton",
    "Lubenham",
    "Markfield",
    "Narborough",
    "Osgathorpe",
    "Peckleton",
    "Rearsby",
    "Sapcote",
    "Thringstone",
    "Walcote",
    "Woodhouse",
    "Bottesford",
    "Croxton",
    "Dadlington",
    "Earl",
    "Fleckney",
    "Gaddesby",
    "Harby",
    "Kibworth",
    "Loddington",
    "Medbourne",
    "Newbold",
    "Orton",
    "Packington",
    "Rothley",
    "Saltby",
    "Tugby",
    "Mistry",
    "Kaur",
    "Hussain",
    "Nowak",
    "Okafor",
    "Mensah",
    "Haile",
    "Rahimi",
    "Tesfaye",
    "Ahmadi",
];
const ADULT_FORENAMES: &[&str] = &[
    "Alison",
    "Bernadette",
    "Carl",
    "Deborah",
    "Emeka",
    "Fiona",
    "Gareth",
    "Hannah",
    "Imran",
    "Joanne",
    "Karen",
    "Lorraine",
    "Martin",
    "Nicola",
    "Owen",
    "Paula",
    "Rachel",
    "Simon",
    "Tracey",
    "Usha",
    "Victoria",
    "Wendy",
    "Yvonne",
    "Zoe",
    "Andrew",
    "Bethany",
    "Craig",
    "Donna",
    "Elaine",
    "Frances",
    "Graham",
    "Helen",
    "Jasvinder",
    "Kelly",
    "Lindsay",
    "Mark",
];

pub(crate) fn child_name(rng: &mut impl Rng, female: bool) -> (String, String) {
    let list = if female { GIRLS } else { BOYS };
    (list.choose(rng).copied().unwrap_or("Alex").to_string(), surname(rng))
}

pub(crate) fn surname(rng: &mut impl Rng) -> String {
    SURNAMES.choose(rng).copied().unwrap_or("Smith").to_string()
}

pub(crate) fn staff_name(rng: &mut impl Rng) -> String {
    format!("{} {}", ADULT_FORENAMES.choose(rng).copied().unwrap_or("Sam"), surname(rng))
}

/// Letters of a UPN check character (I, O and S are not used).
const UPN_CHECK: &[u8] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

/// A 13-character unique pupil number with a valid check letter, issued by
/// the authority (DfE number `la`).
pub(crate) fn upn(rng: &mut impl Rng, la: u16) -> String {
    let body =
        format!("{la:03}{:04}{:02}{:03}", rng.gen_range(0..10000), rng.gen_range(0..100), rng.gen_range(0..1000));
    let sum: u32 = body.bytes().enumerate().map(|(i, b)| u32::from(b - b'0') * (i as u32 + 2)).sum();
    format!("{}{body}", UPN_CHECK[(sum % 23) as usize] as char)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn postcodes_and_upns_have_their_shapes() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        for _ in 0..200 {
            let l = locality(&mut rng);
            let pc = home_postcode(&mut rng, l);
            let (district, inward) = pc.split_once(' ').unwrap();
            assert!(district.starts_with("LE") && inward.len() == 3, "{pc}");
            let u = upn(&mut rng, 855);
            assert_eq!(u.len(), 13);
            assert_eq!(&u[1..4], "855");
            assert!(u.as_bytes()[0].is_ascii_uppercase());
        }
    }
}
