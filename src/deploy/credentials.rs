//! Where an S3 deploy's credentials come from, found before the first
//! request, so that a machine without any gets a message that says what to
//! set, not the instance metadata service's refusal (`Error performing PUT
//! http://169.254.169.254/latest/api/token ... 403`).
//!
//! In order, as the AWS tools look: the environment (`AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`) or site settings; a profile
//! of the shared credentials file (`AWS_PROFILE`, default `default`, in
//! `AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/credentials`), which the
//! S3 client does not read by itself; web identity and container
//! credentials; last, an instance role, which only EC2 and ECS have.

use std::path::PathBuf;

use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};

/// The builder with the credentials found, and a description of where they
/// came from (`None`: nowhere but a possible instance role).
pub fn find(builder: AmazonS3Builder) -> anyhow::Result<(AmazonS3Builder, Option<String>)> {
    let set = |key: AmazonS3ConfigKey| builder.get_config_value(&key).is_some();
    if set(AmazonS3ConfigKey::AccessKeyId) && set(AmazonS3ConfigKey::SecretAccessKey) {
        return Ok((builder, Some("AWS_ACCESS_KEY_ID".into())));
    }
    if let Some((file, profile, keys)) = profile_keys()? {
        let mut builder = builder
            .with_access_key_id(keys.access_key_id)
            .with_secret_access_key(keys.secret_access_key);
        if let Some(token) = keys.session_token {
            builder = builder.with_token(token);
        }
        return Ok((
            builder,
            Some(format!("profile {profile} of {}", file.display())),
        ));
    }
    for var in [
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    ] {
        if std::env::var_os(var).is_some() {
            return Ok((builder, Some(var.into())));
        }
    }
    Ok((builder, None))
}

/// The error of a first request made with no credentials but a possible
/// instance role, which gave none.
pub fn none_found(cause: object_store::Error) -> anyhow::Error {
    anyhow::anyhow!(
        "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and \
         AWS_SESSION_TOKEN for temporary credentials), or put them in a profile of \
         ~/.aws/credentials (AWS_PROFILE picks the profile, AWS_SHARED_CREDENTIALS_FILE another \
         file); on EC2 or ECS an instance role provides them, and none did here ({cause})"
    )
}

struct Keys {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

/// The keys of the chosen profile of the shared credentials file, if the
/// file exists and the profile has both keys. A file that exists but
/// cannot be read is an error: the user meant it to be used.
fn profile_keys() -> anyhow::Result<Option<(PathBuf, String, Keys)>> {
    let file = match std::env::var_os("AWS_SHARED_CREDENTIALS_FILE") {
        Some(file) => PathBuf::from(file),
        None => match std::env::var_os("HOME") {
            Some(home) => PathBuf::from(home).join(".aws/credentials"),
            None => return Ok(None),
        },
    };
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => anyhow::bail!(
            "cannot read the AWS credentials file {}: {e}",
            file.display()
        ),
    };
    let profile = std::env::var("AWS_PROFILE").unwrap_or_else(|_| "default".into());
    Ok(parse_profile(&text, &profile).map(|keys| (file, profile, keys)))
}

/// The keys of `[profile]` in an INI credentials file.
fn parse_profile(text: &str, profile: &str) -> Option<Keys> {
    let mut in_profile = false;
    let (mut id, mut secret, mut token) = (None, None, None);
    for line in text.lines().map(str::trim) {
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            in_profile = section.trim() == profile;
            continue;
        }
        if !in_profile || line.starts_with(['#', ';']) {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = value.trim().to_string();
        match key.trim() {
            "aws_access_key_id" => id = Some(value),
            "aws_secret_access_key" => secret = Some(value),
            "aws_session_token" => token = Some(value),
            _ => {}
        }
    }
    Some(Keys {
        access_key_id: id?,
        secret_access_key: secret?,
        session_token: token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_of_a_credentials_file() {
        let text = "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s1\n\n\
                    # a comment\n[news]\naws_access_key_id=AKIANEWS\naws_secret_access_key=s2\n\
                    aws_session_token = t2\n[partial]\naws_access_key_id = AKIAX\n";
        let d = parse_profile(text, "default").unwrap();
        assert_eq!(
            (d.access_key_id.as_str(), d.session_token),
            ("AKIADEFAULT", None)
        );
        let n = parse_profile(text, "news").unwrap();
        assert_eq!(n.secret_access_key, "s2");
        assert_eq!(n.session_token.as_deref(), Some("t2"));
        assert!(parse_profile(text, "partial").is_none(), "no secret key");
        assert!(parse_profile(text, "missing").is_none());
    }
}
