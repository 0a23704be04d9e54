//! Code lists both returns share.

code_list! {
    /// The child's sex as the returns record it (M/F/U from 2024-25).
    pub enum Sex ("sex") {
        Male = "M": "Male",
        Female = "F": "Female",
        Unknown = "U": "Not known or not recorded",
    }
}

code_list! {
    /// Ethnicity, the DfE's 20 codes (same in SSDA903 and the CIN census).
    pub enum Ethnicity ("ethnicity") {
        WBRI = "WBRI": "White British",
        WIRI = "WIRI": "White Irish",
        WOTH = "WOTH": "Any other White background",
        WIRT = "WIRT": "Traveller of Irish heritage",
        WROM = "WROM": "Gypsy/Roma",
        MWBC = "MWBC": "White and Black Caribbean",
        MWBA = "MWBA": "White and Black African",
        MWAS = "MWAS": "White and Asian",
        MOTH = "MOTH": "Any other mixed background",
        AIND = "AIND": "Indian",
        APKN = "APKN": "Pakistani",
        ABAN = "ABAN": "Bangladeshi",
        AOTH = "AOTH": "Any other Asian background",
        BCRB = "BCRB": "Caribbean",
        BAFR = "BAFR": "African",
        BOTH = "BOTH": "Any other Black background",
        CHNE = "CHNE": "Chinese",
        OOTH = "OOTH": "Any other ethnic group",
        REFU = "REFU": "Refused",
        NOBT = "NOBT": "Information not yet obtained",
    }
}
