/// Declares a DfE code list as an enum.
///
/// Each variant carries its return code and its display label side by side, and
/// optionally the collection years in which the code is valid
/// (`[2026..]` = from 2025-26 on, `[..2025]` = up to 2024-25, `[2020..2025]`).
/// Strings are turned into variants once, at the edge, by [`FromStr`] or
/// `from_code`; everything inside works with the typed value. Serde writes and
/// reads the code itself, so event payloads and exports carry DfE codes.
///
/// [`FromStr`]: std::str::FromStr
#[macro_export]
macro_rules! code_list {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($list:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal : $label:literal
               $( [ $($from:literal)? .. $($until:literal)? ] )? ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// The name of this code list, as used in error messages.
            pub const LIST: &'static str = $list;
            /// Every code of the list, in the DfE's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code as the DfE writes it in a return.
            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The words shown to people.
            pub const fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// The code for an exact DfE code string (no trimming, case-sensitive).
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// Whether the code is in the list for the given collection year.
            #[allow(unused_variables)]
            pub fn valid_in(self, year: $crate::CollectionYear) -> bool {
                match self {
                    $($name::$variant => {
                        #[allow(unused_mut)]
                        let mut ok = true;
                        $( $( ok &= year.ending() >= $from; )? $( ok &= year.ending() <= $until; )? )?
                        ok
                    })+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::codes::UnknownCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::from_code(s).ok_or_else(|| $crate::codes::UnknownCode::new($list, s, Self::ALL.iter().map(|c| c.code())))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}
