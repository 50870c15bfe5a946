//! moto's S3 server (`pip install 'moto[server]'`) on a free port of
//! 127.0.0.1, for the tests that deploy to S3.

use std::net::TcpListener;
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

/// moto's S3 server on a free port of 127.0.0.1, killed on drop.
pub struct Moto {
    child: Child,
    pub port: u16,
}

impl Moto {
    pub fn start() -> Moto {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let spawn = |program: &str, args: &[&str]| {
            StdCommand::new(program)
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
        };
        let p = port.to_string();
        let child = spawn("moto_server", &["-H", "127.0.0.1", "-p", &p])
            .or_else(|_| {
                spawn(
                    "python3",
                    &["-m", "moto.server", "-H", "127.0.0.1", "-p", &p],
                )
            })
            .unwrap_or_else(|e| {
                panic!("cannot start moto_server ({e}): run `pip install 'moto[server]'`")
            });
        let mut moto = Moto { child, port };
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = moto.child.try_wait() {
                panic!("moto_server exited at once ({status}): run `pip install 'moto[server]'`");
            }
            if ureq::get(&format!("{}/", moto.endpoint())).call().is_ok() {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "moto_server did not answer on port {port}: run `pip install 'moto[server]'`"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        moto
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn create_bucket(&self, bucket: &str) {
        ureq::put(&format!("{}/{bucket}", self.endpoint()))
            .call()
            .expect("create bucket");
    }

    pub fn options(&self) -> Vec<(String, String)> {
        [
            ("aws_endpoint", self.endpoint()),
            ("aws_allow_http", "true".into()),
            ("aws_access_key_id", "testing".into()),
            ("aws_secret_access_key", "testing".into()),
            ("aws_region", "us-east-1".into()),
            ("aws_virtual_hosted_style_request", "false".into()),
            ("aws_skip_signature", "false".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    /// The same settings as environment variables, for the `gazette` binary.
    pub fn env(&self) -> Vec<(String, String)> {
        self.options()
            .into_iter()
            .map(|(k, v)| (k.to_ascii_uppercase(), v))
            .collect()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
