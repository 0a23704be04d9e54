//! SSDA903 (children looked after) code lists.

code_list! {
    /// Reason for a new episode of care (RNE).
    pub enum ReasonNewEpisode ("reason for new episode") {
        Started = "S": "Started to be looked after",
        LegalStatus = "L": "Change of legal status only",
        PlacementAndCarer = "P": "Change of placement and carer(s) only",
        PlacementOnly = "T": "Change of placement only (same carer(s))",
        LegalStatusPlacementAndCarer = "B": "Change of legal status and placement and carer(s) at the same time",
        LegalStatusAndPlacement = "U": "Change of legal status and placement only (same carer(s))",
    }
}

code_list! {
    /// Legal status (LS).
    pub enum LegalStatus ("legal status") {
        C1 = "C1": "Interim care order",
        C2 = "C2": "Full care order",
        D1 = "D1": "Freeing order granted",
        E1 = "E1": "Placement order granted",
        V2 = "V2": "Single period of accommodation under section 20",
        V3 = "V3": "Accommodated under an agreed series of short-term breaks, single placement",
        V4 = "V4": "Accommodated under an agreed series of short-term breaks, multiple placements",
        L1 = "L1": "Under police protection and in local authority accommodation",
        L2 = "L2": "Under an emergency protection order",
        L3 = "L3": "Under a child assessment order and in local authority accommodation",
        J1 = "J1": "Remanded to local authority accommodation or youth detention accommodation",
        J2 = "J2": "Placed in local authority accommodation under PACE",
        J3 = "J3": "Sentenced to a youth rehabilitation order with residence or fostering requirement",
    }
}

code_list! {
    /// Category of need (CIN) of a looked-after child.
    pub enum CategoryOfNeed ("category of need") {
        N1 = "N1": "Abuse or neglect",
        N2 = "N2": "Child's disability",
        N3 = "N3": "Parental illness or disability",
        N4 = "N4": "Family in acute stress",
        N5 = "N5": "Family dysfunction",
        N6 = "N6": "Socially unacceptable behaviour",
        N7 = "N7": "Low income",
        N8 = "N8": "Absent parenting",
    }
}

code_list! {
    /// Placement type (PLACE). The list changed in 2025-26: H5, P2 and Z1 withdrawn; K3 and Z11–Z14 new.
    pub enum PlacementType ("placement type") {
        A3 = "A3": "Placed for adoption with consent with current foster carer(s)",
        A4 = "A4": "Placed for adoption with consent not with current foster carer(s)",
        A5 = "A5": "Placed for adoption with placement order with current foster carer(s)",
        A6 = "A6": "Placed for adoption with placement order not with current foster carer(s)",
        H5 = "H5": "Semi-independent living accommodation not subject to children's homes regulations" [..2025],
        K1 = "K1": "Secure children's home",
        K2 = "K2": "Children's home subject to children's homes regulations",
        // K3 came in with the 2023 supported-accommodation regulations (it replaced H5): the DfE
        // rules call it supported accommodation (371: at least 16; 710: no DoLO there; 241: Ofsted URN).
        K3 = "K3": "Supported accommodation registered with Ofsted, not subject to children's homes regulations" [2026..],
        P1 = "P1": "Placed with own parent(s) or other person(s) with parental responsibility",
        P2 = "P2": "Independent living, e.g. flat, lodgings, bedsit, B&B" [..2025],
        P3 = "P3": "Residential employment",
        R1 = "R1": "Residential care home",
        R2 = "R2": "NHS/health trust or other establishment providing medical or nursing care",
        R3 = "R3": "Family centre or mother and baby unit",
        R5 = "R5": "Young offender institution or prison",
        S1 = "S1": "All residential schools, except where dual-registered as a school and children's home",
        T0 = "T0": "Temporary placement: all types of temporary move (see guidance)",
        T1 = "T1": "Temporary periods in hospital",
        T2 = "T2": "Temporary absences of the child on holiday",
        T3 = "T3": "Temporary accommodation whilst normal foster carer(s) is/are on holiday",
        T4 = "T4": "Temporary accommodation of seven days or less, for any reason not covered by T1–T3",
        U1 = "U1": "Foster placement with relative(s) or friend(s): long-term fostering",
        U2 = "U2": "Foster placement with relative(s) or friend(s) who is also an approved adopter: FFA or concurrent planning",
        U3 = "U3": "Foster placement with relative(s) or friend(s): not long-term or FFA/concurrent planning",
        U4 = "U4": "Foster placement with other foster carer(s): long-term fostering",
        U5 = "U5": "Foster placement with other foster carer(s) who is also an approved adopter: FFA or concurrent planning",
        U6 = "U6": "Foster placement with other foster carer(s): not long-term or FFA/concurrent planning",
        Z1 = "Z1": "Other placements" [..2025],
        // Z11–Z14 split Z1 in 2025-26. The reference validator confirms only that they take no
        // provider or URN (rules 178, 213, 222) and that a DoLO is expected in K2, Z12 or Z13 (709);
        // the labels below are unconfirmed against the DfE 2025-26 guide: check before showing them.
        Z11 = "Z11": "Other placements: unregistered supported accommodation" [2026..],
        Z12 = "Z12": "Other placements: unregistered children's home (registration applied for)" [2026..],
        Z13 = "Z13": "Other placements: unregistered children's home (registration not applied for)" [2026..],
        Z14 = "Z14": "Other placements: any other placement" [2026..],
    }
}

impl PlacementType {
    /// Placed for adoption (A3–A6).
    pub fn is_adoption(self) -> bool {
        matches!(self, Self::A3 | Self::A4 | Self::A5 | Self::A6)
    }
    /// Foster placements (U1–U6).
    pub fn is_foster(self) -> bool {
        matches!(self, Self::U1 | Self::U2 | Self::U3 | Self::U4 | Self::U5 | Self::U6)
    }
    /// Temporary placements (T0–T4): not counted as placement moves.
    pub fn is_temporary(self) -> bool {
        matches!(self, Self::T0 | Self::T1 | Self::T2 | Self::T3 | Self::T4)
    }
}

code_list! {
    /// Placement provider (PLACE_PROVIDER).
    pub enum PlacementProvider ("placement provider") {
        PR0 = "PR0": "Parent(s) or other person(s) with parental responsibility",
        PR1 = "PR1": "Own provision (by the local authority)",
        PR2 = "PR2": "Other local authority provision",
        PR3 = "PR3": "Other public provision (e.g. by a PCT etc)",
        PR4 = "PR4": "Private provision",
        PR5 = "PR5": "Voluntary/third sector provision",
    }
}

code_list! {
    /// Reason an episode ceased (REC).
    pub enum ReasonEpisodeCeased ("reason episode ceased") {
        X1 = "X1": "Episode ceases, and new episode begins on same day, for any reason",
        E11 = "E11": "Adopted: application for an adoption order unopposed",
        E12 = "E12": "Adopted: consent dispensed with by the court",
        E2 = "E2": "Died",
        E3 = "E3": "Care taken over by another local authority in the UK",
        E4A = "E4A": "Returned home to live with parent(s), relative(s) or other person(s) with parental responsibility as part of the care planning process",
        E4B = "E4B": "Returned home to live with parent(s), relative(s) or other person(s) with parental responsibility not as part of the care planning process",
        E13 = "E13": "Left care to live with former foster carer(s) (staying put)",
        E41 = "E41": "Residence order (or, from 22 April 2014, a child arrangement order) granted",
        E45 = "E45": "Special guardianship order made to former foster carer(s), who were relative(s) or friend(s)",
        E46 = "E46": "Special guardianship order made to former foster carer(s), other than relative(s) or friend(s)",
        E47 = "E47": "Special guardianship order made to carer(s), other than former foster carer(s), who were relative(s) or friend(s)",
        E48 = "E48": "Special guardianship order made to carer(s), other than former foster carer(s), other than relative(s) or friend(s)",
        E5 = "E5": "Moved into independent living arrangement and no longer looked after: supportive accommodation providing formalised advice/support arrangements",
        E6 = "E6": "Moved into independent living arrangement and no longer looked after: accommodation providing no formalised advice/support arrangements",
        E7 = "E7": "Transferred to residential care funded by adult social care services",
        E9 = "E9": "Sentenced to custody",
        E14 = "E14": "Accommodation on remand ended",
        E15 = "E15": "Age assessment determined child is aged 18 or over and E5, E6 and E7 do not apply",
        E16 = "E16": "Child moved abroad",
        E17 = "E17": "Aged 18 (or over) and remained with current carers (inc under staying put arrangements)",
        E8 = "E8": "Period of being looked after ceased for any other reason",
    }
}

code_list! {
    /// Reason for a change of placement (REASON_PLACE_CHANGE).
    pub enum ReasonPlaceChange ("reason for placement change") {
        Carpl = "CARPL": "Change to/implementation of care plan",
        Close = "CLOSE": "Resignation/closure of provision",
        Alleg = "ALLEG": "Allegation (s47)",
        Stand = "STAND": "Standards of care concern",
        Apprr = "APPRR": "Approval removed",
        Creqb = "CREQB": "Carer(s) requests placement end due to child's behaviour",
        Creqo = "CREQO": "Carer(s) requests placement end other than due to child's behaviour",
        Child = "CHILD": "Child requests placement end",
        Lareq = "LAREQ": "Responsible/area authority requests placement end",
        Place = "PLACE": "Change in the status of placement only",
        Custod = "CUSTOD": "Custody arrangement",
        Other = "OTHER": "Other",
    }
}

code_list! {
    /// Missing (M) or away from placement without authorisation (A).
    pub enum MissingType ("missing type") {
        Missing = "M": "Missing",
        Absent = "A": "Away from placement without authorisation",
    }
}

code_list! {
    /// Why no SDQ score was recorded.
    pub enum SdqReason ("SDQ reason") {
        SDQ1 = "SDQ1": "No form returned as child was aged under 4 or over 17 at date of latest assessment",
        SDQ2 = "SDQ2": "Carer(s) refused to complete and return questionnaire",
        SDQ3 = "SDQ3": "Not possible to complete the questionnaire due to severity of the child's disability",
        SDQ4 = "SDQ4": "Other",
        SDQ5 = "SDQ5": "Child or young person refuses to allow an SDQ to be completed",
    }
}

code_list! {
    /// Whether the authority is in touch with a care leaver (IN_TOUCH).
    pub enum InTouch ("in touch") {
        Yes = "YES": "Yes",
        No = "NO": "No",
        Died = "DIED": "Died",
        Refused = "REFU": "Young person refuses contact",
        NotRequired = "NREQ": "Young person no longer requires services",
        ReturnedHome = "RHOM": "Returned home to parents for 6 months or more",
    }
}

code_list! {
    /// Main activity of a care leaver (ACTIV).
    pub enum Activity ("care leaver activity") {
        F1 = "F1": "Full time in higher education",
        P1 = "P1": "Part time in higher education",
        F2 = "F2": "Full time in education other than higher education",
        P2 = "P2": "Part time in education other than higher education",
        F4 = "F4": "Young person engaged full time in training or employment",
        P4 = "P4": "Young person engaged part time in training or employment",
        F5 = "F5": "Young person engaged full time in apprenticeship",
        P5 = "P5": "Young person engaged part time in apprenticeship",
        G4 = "G4": "Not in education, training or employment: illness or disability",
        G5 = "G5": "Not in education, training or employment: other reasons",
        G6 = "G6": "Not in education, training or employment: pregnancy or parenting",
        Zero = "0": "Information not known",
    }
}

code_list! {
    /// Accommodation of a care leaver and its suitability (ACCOM): letter = type, 1 = suitable, 2 = not suitable.
    pub enum Accommodation ("care leaver accommodation") {
        B1 = "B1": "With parents or relatives: suitable", B2 = "B2": "With parents or relatives: not suitable",
        C1 = "C1": "Community home: suitable", C2 = "C2": "Community home: not suitable",
        D1 = "D1": "Semi-independent, transitional accommodation: suitable", D2 = "D2": "Semi-independent, transitional accommodation: not suitable",
        E1 = "E1": "Supported lodgings: suitable", E2 = "E2": "Supported lodgings: not suitable",
        G1 = "G1": "Gone abroad: suitable", G2 = "G2": "Gone abroad: not suitable",
        H1 = "H1": "Deported: suitable", H2 = "H2": "Deported: not suitable",
        K1 = "K1": "Ordinary lodgings: suitable", K2 = "K2": "Ordinary lodgings: not suitable",
        R1 = "R1": "Residence not known: suitable", R2 = "R2": "Residence not known: not suitable",
        S1 = "S1": "No fixed abode/homeless: suitable", S2 = "S2": "No fixed abode/homeless: not suitable",
        T1 = "T1": "Foyers: suitable", T2 = "T2": "Foyers: not suitable",
        U1 = "U1": "Independent living: suitable", U2 = "U2": "Independent living: not suitable",
        V1 = "V1": "Emergency accommodation: suitable", V2 = "V2": "Emergency accommodation: not suitable",
        W1 = "W1": "Bed and breakfast: suitable", W2 = "W2": "Bed and breakfast: not suitable",
        X1 = "X1": "In custody: suitable", X2 = "X2": "In custody: not suitable",
        Y1 = "Y1": "Other accommodation: suitable", Y2 = "Y2": "Other accommodation: not suitable",
        Z1 = "Z1": "With former foster carers: suitable", Z2 = "Z2": "With former foster carers: not suitable",
        Zero = "0": "Information not known",
    }
}

impl Accommodation {
    /// Suitable (code ending 1), not suitable (ending 2), or not known.
    pub fn suitable(self) -> Option<bool> {
        match self.code().as_bytes().last() {
            Some(b'1') if self != Self::Zero => Some(true),
            Some(b'2') => Some(false),
            _ => None,
        }
    }
}

code_list! {
    /// Why a decision to place for adoption was reversed (REASON_PLACED_CEASED).
    pub enum ReasonPlacedCeased ("reason placed for adoption ceased") {
        RD1 = "RD1": "The child's needs changed subsequent to the decision",
        RD2 = "RD2": "The court did not make a placement order",
        RD3 = "RD3": "Prospective adopters could not be found",
        RD4 = "RD4": "Any other reason",
    }
}

code_list! {
    /// How the child was previously permanent before this period of care (PREV_PERM).
    pub enum PreviousPermanence ("previous permanence") {
        P1 = "P1": "Adoption",
        P2 = "P2": "Special guardianship order",
        P3 = "P3": "Residence order or child arrangements order",
        P4 = "P4": "Not known",
        Z1 = "Z1": "No previous permanence order",
    }
}

code_list! {
    /// How the child took part in a LAC review (REVIEW_CODE).
    pub enum ReviewParticipation ("review participation") {
        PN0 = "PN0": "Child aged under 4 at the time of the review",
        PN1 = "PN1": "Child physically attended and spoke for themselves",
        PN2 = "PN2": "Child physically attended and an advocate spoke on their behalf",
        PN3 = "PN3": "Child attended and conveyed their view symbolically",
        PN4 = "PN4": "Child physically attended but did not speak for themselves",
        PN5 = "PN5": "Child did not attend but briefed an advocate to speak for them",
        PN6 = "PN6": "Child did not attend but conveyed their feelings by another method",
        PN7 = "PN7": "Child did not attend nor convey their views",
    }
}

code_list! {
    /// Sex of the adopter(s) (SEX_ADOPTR).
    pub enum AdopterSex ("adopter sex") {
        M1 = "M1": "Male adopter",
        F1 = "F1": "Female adopter",
        MM = "MM": "Male couple",
        FF = "FF": "Female couple",
        MF = "MF": "Mixed-sex couple",
    }
}

code_list! {
    /// Legal status of the adopter(s) (LS_ADOPTR).
    pub enum AdopterLegalStatus ("adopter legal status") {
        L0 = "L0": "Single adopter",
        L11 = "L11": "Married couple of mixed sex",
        L12 = "L12": "Married couple of the same sex",
        L2 = "L2": "Civil partners",
        L3 = "L3": "Unmarried couple of mixed sex",
        L4 = "L4": "Unmarried couple of the same sex",
    }
}

code_list! {
    /// Why a child's social worker changed (SW_REASON).
    pub enum SocialWorkerChangeReason ("social worker change reason") {
        Manage = "MANAGE": "Case management decision",
        Fconta = "FCONTA": "First contact: the child's first social worker",
        Leftrl = "LEFTRL": "Social worker left the role",
        Orgrst = "ORGRST": "Organisational restructure",
        Tsproc = "TSPROC": "Transfer between teams as part of process",
        Absenc = "ABSENC": "Social worker absence",
        Chchan = "CHCHAN": "Change in the child's circumstances",
        Pcchan = "PCCHAN": "Change in the child's placement",
        Swdied = "SWDIED": "Social worker died",
        Others = "OTHERS": "Other",
    }
}
