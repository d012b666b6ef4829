//! The item route: what an item URL asks for, and the wiremock responder that answers it
//! after the target's delay with its deterministic body or its error status.

use std::time::{Duration, Instant};

use fanout_core::ErrorKind;
use fanout_core::body::expected_body;
use fanout_core::workload::limits::{MAX_BODY_BYTES, MAX_DELAY_MS};
use url::Url;
use wiremock::{Request, Respond, ResponseTemplate};

use crate::log::Log;

/// What one item request asks for.
#[derive(Debug, PartialEq)]
pub(crate) struct ItemRequest {
    pub id: u32,
    pub delay_ms: u64,
    pub size: u64,
    pub status: u16,
    /// A fault only the fault layer serves: `reset`, `truncate`, `stall` or `trickle`.
    pub fault: Option<String>,
    pub trickle_ms: u64,
}

pub(crate) fn parse_item(url: &Url) -> Result<ItemRequest, String> {
    let id_text = url.path().trim_start_matches("/item/");
    let id = id_text
        .parse()
        .map_err(|_| format!("item id `{id_text}` is not a number"))?;
    let mut item = ItemRequest {
        id,
        delay_ms: 0,
        size: 0,
        status: 200,
        fault: None,
        trickle_ms: 0,
    };
    for (key, value) in url.query_pairs() {
        let number = |max: u64| -> Result<u64, String> {
            match value.parse::<u64>() {
                Ok(n) if n <= max => Ok(n),
                _ => Err(format!("`{key}` is `{value}`; allowed: 0 to {max}")),
            }
        };
        match key.as_ref() {
            "delay_ms" => item.delay_ms = number(MAX_DELAY_MS)?,
            "size" => item.size = number(MAX_BODY_BYTES)?,
            "trickle_ms" => item.trickle_ms = number(MAX_DELAY_MS)?,
            "status" => {
                item.status = match value.parse::<u16>() {
                    Ok(status @ 200..=599) => status,
                    _ => return Err(format!("`status` is `{value}`; allowed: 200 to 599")),
                }
            }
            "fault" => match value.as_ref() {
                "reset" | "truncate" | "stall" | "trickle" => item.fault = Some(value.into_owned()),
                other => {
                    return Err(format!(
                        "`fault` is `{other}`; allowed: reset, truncate, stall, trickle"
                    ));
                }
            },
            other => {
                return Err(format!(
                    "unknown query parameter `{other}`; allowed: delay_ms, size, status, fault, trickle_ms"
                ));
            }
        }
    }
    Ok(item)
}

pub(crate) struct ItemResponder {
    pub(crate) log: Log,
}

impl Respond for ItemResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let now = Instant::now();
        let item = match parse_item(&request.url) {
            Ok(item) if item.fault.is_some() => Err(format!(
                "fault={} is served by the fault layer; its address is in GET /_fanout/info",
                item.fault.unwrap_or_default()
            )),
            parsed => parsed,
        };
        let item = match item {
            Ok(item) => item,
            Err(message) => {
                self.log.lock().stats.refused += 1;
                return ResponseTemplate::new(400).set_body_string(message + "\n");
            }
        };
        let delay = Duration::from_millis(item.delay_ms);
        {
            let mut log = self.log.lock();
            let bytes = if item.status == 200 { item.size } else { 0 };
            if !log.admit(now, delay, bytes) {
                return ResponseTemplate::new(503).set_body_string(format!(
                    "the mock server holds at most {} MiB of bodies at once, and this one's {} \
                     bytes would pass that; ask for smaller bodies or fewer at once\n",
                    crate::log::HELD_BYTES_BUDGET / 1024 / 1024,
                    item.size
                ));
            }
            if let Some(kind) = ErrorKind::from_status(item.status) {
                log.inject(kind.name());
            }
        }
        let response = ResponseTemplate::new(item.status).insert_header(
            crate::stamp::HEADER,
            crate::stamp::header(now, delay, &self.log),
        );
        let response = match timer_delay(delay) {
            Some(timer) => response.set_delay(timer),
            None => response,
        };
        if item.status == 200 {
            response.set_body_raw(expected_body(item.id, item.size), "text/html")
        } else {
            response
        }
    }
}

/// What to ask wiremock's timer for, so that a response leaves `delay` after it arrived and
/// never sooner.
///
/// No delay asks for no sleep at all: even a zero sleep on tokio's timer waits for its next
/// millisecond tick, which cost every request about 1.2 ms. A real delay is asked for as it
/// is. Tokio's timer works in whole milliseconds (it rounds the deadline up and, when it
/// parks, the current time down), so an idle server answers about 1 ms late, and a busy one
/// up to 1 ms late. Asking for 1 ms less would be on time when idle, but a busy server, whose
/// timer wakes at every tick, would then answer up to 1 ms early: the server's own count of
/// requests in flight, and the ideal, both rest on no response leaving before its delay.
fn timer_delay(delay: Duration) -> Option<Duration> {
    (!delay.is_zero()).then_some(delay)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str) -> Result<ItemRequest, String> {
        parse_item(&url.parse().unwrap())
    }

    fn item(id: u32, delay_ms: u64, size: u64, status: u16) -> ItemRequest {
        ItemRequest {
            id,
            delay_ms,
            size,
            status,
            fault: None,
            trickle_ms: 0,
        }
    }

    #[test]
    fn item_urls_parse() {
        assert_eq!(
            parse("http://h/item/7?delay_ms=100&size=16384&status=503"),
            Ok(item(7, 100, 16384, 503))
        );
        assert_eq!(parse("http://h/item/7"), Ok(item(7, 0, 0, 200)));
        // One allowed range whatever was wrong with the status.
        for status in ["999", "100", "x"] {
            let error = parse(&format!("http://h/item/7?status={status}")).unwrap_err();
            assert!(error.ends_with("allowed: 200 to 599"), "{error}");
        }
        let trickle = parse("http://h/item/7?fault=trickle&trickle_ms=900").unwrap();
        assert_eq!(
            (trickle.fault.as_deref(), trickle.trickle_ms),
            (Some("trickle"), 900)
        );
    }

    #[test]
    fn item_urls_beyond_the_maxima_are_refused_with_a_reason() {
        let too_slow =
            parse(&format!("http://h/item/1?delay_ms={}", MAX_DELAY_MS + 1)).unwrap_err();
        assert!(
            too_slow.contains("delay_ms") && too_slow.contains("allowed"),
            "{too_slow}"
        );
        let too_big = parse(&format!("http://h/item/1?size={}", MAX_BODY_BYTES + 1)).unwrap_err();
        assert!(too_big.contains("size"), "{too_big}");
        assert!(
            parse("http://h/item/x")
                .unwrap_err()
                .contains("not a number")
        );
        assert!(
            parse("http://h/item/1?colour=red")
                .unwrap_err()
                .contains("colour")
        );
        assert!(
            parse("http://h/item/1?fault=explode")
                .unwrap_err()
                .contains("allowed")
        );
    }
}
