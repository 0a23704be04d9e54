//! Database names as they may be shown: a PostgreSQL URL's password is never
//! printed, logged or put in an error message.

/// `db` with any password replaced by `***`: the `user:password@` part of a
/// URL and a `password=` query parameter. A SQLite path is returned as it is.
pub fn redacted(db: &str) -> String {
    if !crate::is_postgres_url(db) {
        return db.to_string();
    }
    let (scheme, rest) = db.split_once("://").unwrap_or(("", db));
    // Everything before the last '@' is the user and password, whatever
    // characters a password written unencoded holds.
    let (authority, tail) = match rest.rfind('@') {
        Some(at) => {
            let (userinfo, after) = rest.split_at(at);
            let user = userinfo.split_once(':').map_or(userinfo, |(user, _)| user);
            let shown = if userinfo.contains(':') { format!("{user}:***") } else { user.to_string() };
            let end = after.find(['/', '?']).unwrap_or(after.len());
            (format!("{shown}{}", &after[..end]), &after[end..])
        }
        None => {
            let end = rest.find(['/', '?']).unwrap_or(rest.len());
            (rest[..end].to_string(), &rest[end..])
        }
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_string(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn passwords_are_hidden_and_the_rest_kept() {
        assert_eq!(
            redacted("postgres://carefile:s3cret@db.example:5432/cf"),
            "postgres://carefile:***@db.example:5432/cf"
        );
        assert_eq!(
            redacted("postgresql://u:p@h/db?sslmode=require&password=x"),
            "postgresql://u:***@h/db?sslmode=require&password=***"
        );
        assert_eq!(redacted("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redacted("postgres://u:p:q@h/db"), "postgres://u:***@h/db");
        assert_eq!(redacted("postgres://u:p@x@h/db"), "postgres://u:***@h/db");
        assert_eq!(redacted("carefile.db"), "carefile.db");
    }

    proptest! {
        /// Whatever the password, it is not in what is shown.
        #[test]
        fn no_password_survives(user in "[a-z]{1,8}", password in "[A-Za-z0-9!$%^*()_+=@:/?]{6,20}", host in "[a-z]{1,8}") {
            let shown = redacted(&format!("postgres://{user}:{password}@{host}/db"));
            prop_assert!(!shown.contains(&password), "{}", shown);
        }
    }
}
