//! Macros the modules share (declared first in `lib.rs`, and in `build.rs`, which compiles the
//! same modules).

/// A closed vocabulary serialized in kebab-case: the enum, `ALL`, `as_str`, `Display` and
/// `FromStr`.
macro_rules! kebab_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant, )*
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The kebab-case name used in output, packs and configuration.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s.trim())
                    .ok_or_else(|| format!(
                        "unknown {} `{s}` (expected one of: {})",
                        stringify!($name),
                        $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", "),
                    ))
            }
        }
    };
}
