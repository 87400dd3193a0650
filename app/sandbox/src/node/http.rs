//! The node's HTTP/1.1 framing: one request at a time on a keep-alive connection.

use std::io::{BufRead, Write};

/// Largest HTTP request body the node reads.
const MAX_BODY: usize = 1 << 20;

/// One HTTP request: its method, body, and whether the client asked to close.
pub(super) struct HttpRequest {
    pub(super) method: String,
    pub(super) body: Vec<u8>,
    pub(super) close: bool,
}

/// Reads one request; `Ok(None)` when the connection ended (or idled out) between
/// requests, `Err(status)` when the request is not one we serve.
pub(super) fn read_request(reader: &mut impl BufRead) -> Result<Option<HttpRequest>, &'static str> {
    let mut line = String::new();
    match reader.read_line(&mut line) {
        Ok(0) | Err(_) => return Ok(None),
        Ok(_) => {}
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let version = parts.nth(1).unwrap_or_default().to_string();
    if !version.starts_with("HTTP/1.") {
        return Err("400 Bad Request");
    }
    let mut length = 0usize;
    let mut close = version == "HTTP/1.0";
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => return Ok(None),
            Ok(_) => {}
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            return Err("400 Bad Request");
        };
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
        match name.as_str() {
            "content-length" => length = value.parse().map_err(|_| "400 Bad Request")?,
            "transfer-encoding" => return Err("411 Length Required"),
            "connection" => close = value.eq_ignore_ascii_case("close"),
            _ => {}
        }
    }
    if length > MAX_BODY {
        return Err("413 Payload Too Large");
    }
    let mut body = vec![0; length];
    reader
        .read_exact(&mut body)
        .map_err(|_| "400 Bad Request")?;
    Ok(Some(HttpRequest {
        method,
        body,
        close,
    }))
}

/// Every response lets a page of any origin read it, as a validator's RPC does (browsers
/// send a web page's JSON-RPC requests cross-origin, after an `OPTIONS` preflight).
const CORS_HEADERS: &str = "Access-Control-Allow-Origin: *\r\n\
Access-Control-Allow-Methods: POST, OPTIONS\r\n\
Access-Control-Allow-Headers: *\r\n\
Access-Control-Max-Age: 86400\r\n";

pub(super) fn write_response(
    w: &mut impl Write,
    status: &str,
    content_type: &str,
    body: &[u8],
    close: bool,
) -> std::io::Result<()> {
    let connection = if close { "close" } else { "keep-alive" };
    write!(
        w,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         {CORS_HEADERS}Connection: {connection}\r\n\r\n",
        body.len()
    )?;
    w.write_all(body)?;
    w.flush()
}
