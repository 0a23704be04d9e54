//! CIN census code lists (2024-25 onward).

code_list! {
    /// Source of a referral to children's social care.
    pub enum ReferralSource ("referral source") {
        Individual = "1A": "Individual: family member, relative or carer",
        Acquaintance = "1B": "Individual: acquaintance",
        SelfReferral = "1C": "Individual: self",
        OtherIndividual = "1D": "Individual: other",
        SchoolsEducation = "2A": "Schools",
        OtherEducation = "2B": "Education services",
        GpHealth = "3A": "Health services: GP",
        HealthVisitor = "3B": "Health services: health visitor",
        SchoolNurse = "3C": "Health services: school nurse",
        OtherPrimaryHealth = "3D": "Health services: other primary health services",
        HospitalAe = "3E": "Health services: A&E",
        OtherHealth = "3F": "Health services: other",
        Housing = "4": "Housing: local authority housing or housing association",
        SocialCareOtherLa = "5A": "LA services: social care, e.g. adult social care",
        OtherLaInternal = "5B": "LA services: other internal",
        ExternalLa = "5C": "LA services: external, e.g. from another LA",
        OtherLa = "5D": "LA services: early help",
        Police = "6": "Police",
        OtherLegalAgency = "7": "Other legal agency",
        Other = "8": "Other",
        Anonymous = "9": "Anonymous",
        Unknown = "10": "Unknown",
    }
}

code_list! {
    /// Primary need at assessment (CIN census PrimaryNeedCode).
    pub enum PrimaryNeed ("primary need") {
        N0 = "N0": "Not stated",
        N1 = "N1": "Abuse or neglect",
        N2 = "N2": "Child's disability or illness",
        N3 = "N3": "Parent's disability or illness",
        N4 = "N4": "Family in acute stress",
        N5 = "N5": "Family dysfunction",
        N6 = "N6": "Socially unacceptable behaviour",
        N7 = "N7": "Low income",
        N8 = "N8": "Absent parenting",
        N9 = "N9": "Cases other than children in need",
    }
}

code_list! {
    /// Reason a CIN episode closed.
    pub enum ReasonForClosure ("reason for closure") {
        RC1 = "RC1": "Adopted",
        RC2 = "RC2": "Died",
        RC3 = "RC3": "Child arrangements order",
        RC4 = "RC4": "Special guardianship order",
        RC5 = "RC5": "Transferred to services of another local authority",
        RC6 = "RC6": "Transferred to adult social care services",
        RC7 = "RC7": "Services ceased for any other reason, including child no longer in need",
        RC8 = "RC8": "Case closed after assessment, no further action",
        RC9 = "RC9": "Case closed after assessment, referred to early help",
    }
}

code_list! {
    /// Category of abuse of a child protection plan.
    pub enum CategoryOfAbuse ("category of abuse") {
        Neglect = "NEG": "Neglect",
        Physical = "PHY": "Physical abuse",
        Sexual = "SAB": "Sexual abuse",
        Emotional = "EMO": "Emotional abuse",
        Multiple = "MUL": "Multiple",
    }
}

code_list! {
    /// Disability (CIN census).
    pub enum Disability ("disability") {
        None = "NONE": "No disability",
        Mobility = "MOB": "Mobility",
        HandFunction = "HAND": "Hand function",
        PersonalCare = "PC": "Personal care",
        Incontinence = "INC": "Incontinence",
        Communication = "COMM": "Communication",
        Learning = "LD": "Learning",
        Hearing = "HEAR": "Hearing",
        Vision = "VIS": "Vision",
        Behaviour = "BEH": "Behaviour",
        Consciousness = "CON": "Consciousness",
        Autism = "AUT": "Autism or Asperger syndrome",
        Dda = "DDA": "Other DDA",
    }
}

code_list! {
    /// Why a child has no UPN.
    pub enum UpnUnknown ("UPN unknown reason") {
        UN1 = "UN1": "Child is under school age and not yet attending school",
        UN2 = "UN2": "Child has never attended a school in England",
        UN3 = "UN3": "Child is under compulsory school age",
        UN4 = "UN4": "UPN not yet obtained",
        UN5 = "UN5": "Sources collating UPNs reflect a discrepancy",
        UN6 = "UN6": "Child aged under six",
        UN7 = "UN7": "Referral with no further action",
    }
}

code_list! {
    /// Factors identified at the end of an assessment. Labels checked against the
    /// DfE CIN census schema (2024, as kept in SocialFinanceDigitalLabs/liia-tools
    /// `CIN_schema_2024.xsd`). 18A and 19A were withdrawn in 2024-25 (split into
    /// B and C); they stay in the list so rules 8945Q and 8950Q can name them.
    pub enum AssessmentFactor ("assessment factor") {
        F1A = "1A": "Alcohol misuse by the child",
        F1B = "1B": "Alcohol misuse by the parent(s) or carer(s)",
        F1C = "1C": "Alcohol misuse by another person in the household",
        F2A = "2A": "Drug misuse by the child",
        F2B = "2B": "Drug misuse by the parent(s) or carer(s)",
        F2C = "2C": "Drug misuse by another person in the household",
        F3A = "3A": "Domestic violence: the child is the subject",
        F3B = "3B": "Domestic violence: the parent(s) or carer(s) are the subject",
        F3C = "3C": "Domestic violence: another person in the household is the subject",
        F4A = "4A": "Mental health of the child",
        F4B = "4B": "Mental health of the parent(s) or carer(s)",
        F4C = "4C": "Mental health of another person in the family or household",
        F5A = "5A": "Learning disability of the child",
        F5B = "5B": "Learning disability of the parent(s) or carer(s)",
        F5C = "5C": "Learning disability of another person in the family or household",
        F6A = "6A": "Physical disability or illness of the child",
        F6B = "6B": "Physical disability or illness of the parent(s) or carer(s)",
        F6C = "6C": "Physical disability or illness of another person in the family or household",
        F7A = "7A": "Young carer",
        F8B = "8B": "Privately fostered: overseas child who intends to return",
        F8C = "8C": "Privately fostered: overseas child who intends to stay",
        F8D = "8D": "Privately fostered: UK child in an educational placement",
        F8E = "8E": "Privately fostered: UK child in an alternative family arrangement",
        F8F = "8F": "Privately fostered: other",
        F9A = "9A": "Unaccompanied asylum-seeking child",
        F10A = "10A": "Going or being missing",
        F11A = "11A": "Child sexual exploitation",
        F12A = "12A": "Trafficking",
        F13A = "13A": "Gangs",
        F14A = "14A": "Socially unacceptable behaviour",
        F15A = "15A": "Self-harm",
        F16A = "16A": "Abuse or neglect: neglect",
        F17A = "17A": "Abuse or neglect: emotional abuse",
        F18A = "18A": "Abuse or neglect: physical abuse (withdrawn from 2024-25: use 18B or 18C)" [..2024],
        F18B = "18B": "Abuse or neglect: physical abuse by another child",
        F18C = "18C": "Abuse or neglect: physical abuse by an adult",
        F19A = "19A": "Abuse or neglect: sexual abuse (withdrawn from 2024-25: use 19B or 19C)" [..2024],
        F19B = "19B": "Abuse or neglect: sexual abuse by another child",
        F19C = "19C": "Abuse or neglect: sexual abuse by an adult",
        F20 = "20": "Other",
        F21 = "21": "No factors identified (only when none of the others applies and no further action is taken)",
        F22A = "22A": "Female genital mutilation",
        F23A = "23A": "Abuse linked to faith or belief",
        F24A = "24A": "Child criminal exploitation",
    }
}
