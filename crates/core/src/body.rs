//! Deterministic response bodies and their verification.
//!
//! A body is a run of 64-byte text lines, each naming its target and line number and carrying a
//! slice of filler text chosen by both. The server makes it from `(id, size)` alone and a client
//! checks it the same way, line by line, without ever holding a copy: a swapped body, a lost
//! line, a changed byte or a short read all fail. The scheme is plain enough to port to Python
//! in a few lines (`scripts/python/fanout_job.py`), so the Python models check bodies the same way.

use crate::error_kind::ErrorKind;
use crate::fetch::Fetch;
use crate::job::JobTarget;
use crate::work::cpu_work_with;

/// Bytes a client reads past a body's expected size before giving up on it: enough to tell a
/// longer body from a correct one without reading an unbounded one.
pub const OVERRUN_ALLOWANCE: u64 = 64 * 1024;

impl JobTarget {
    /// The most body bytes a client reads for this target (see [`OVERRUN_ALLOWANCE`]).
    pub fn read_limit(&self) -> u64 {
        self.size + OVERRUN_ALLOWANCE
    }
}

/// Every full line of a body is this long, newline included.
pub const LINE_BYTES: usize = 64;

/// Filler text that lines are cut from; it looks enough like markup to give a parser work.
const FILLER: &[u8] =
    b"<p class=\"item\">lorem ipsum <b>dolor</b> sit amet, consectetur <i>adipiscing</i> elit</p> ";
const FILLER_WINDOW: usize = LINE_BYTES - 18 - 1;

/// Writes line `line` of target `id`'s body into `out`.
fn write_line(id: u32, line: u64, out: &mut [u8; LINE_BYTES]) {
    // `{id:08x} {line:08x} `, written by hand: this runs once per 64 bytes on both ends.
    write_hex8(u64::from(id), &mut out[..8]);
    out[8] = b' ';
    write_hex8(line, &mut out[9..17]);
    out[17] = b' ';
    let offset = (u64::from(id).wrapping_mul(7).wrapping_add(line) % FILLER_WINDOW as u64) as usize;
    out[18..LINE_BYTES - 1].copy_from_slice(&FILLER[offset..offset + FILLER_WINDOW]);
    out[LINE_BYTES - 1] = b'\n';
}

/// The low 32 bits of `value` as eight lower-case hex digits (`{:08x}` for values that fit).
fn write_hex8(value: u64, out: &mut [u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (place, byte) in out.iter_mut().rev().enumerate() {
        *byte = DIGITS[((value >> (4 * place)) & 0xf) as usize];
    }
}

/// The body the server sends for target `id` with `size` bytes.
pub fn expected_body(id: u32, size: u64) -> Vec<u8> {
    let mut body = Vec::with_capacity(size as usize);
    let mut line = [0u8; LINE_BYTES];
    let mut index = 0;
    while (body.len() as u64) < size {
        write_line(id, index, &mut line);
        let take = (size as usize - body.len()).min(LINE_BYTES);
        body.extend_from_slice(&line[..take]);
        index += 1;
    }
    body
}

/// Whether `body` is exactly target `id`'s body of `size` bytes, checked without allocating.
pub fn body_matches(id: u32, size: u64, body: &[u8]) -> Result<(), ErrorKind> {
    if (body.len() as u64) < size {
        return Err(ErrorKind::Truncated);
    }
    if body.len() as u64 != size {
        return Err(ErrorKind::BodyMismatch);
    }
    let mut line = [0u8; LINE_BYTES];
    for (index, chunk) in body.chunks(LINE_BYTES).enumerate() {
        write_line(id, index as u64, &mut line);
        if chunk != &line[..chunk.len()] {
            return Err(ErrorKind::BodyMismatch);
        }
    }
    Ok(())
}

/// Turns a complete HTTP exchange into a [`Fetch`]: error statuses become `http_4xx`/`http_5xx`,
/// a 2xx body is verified and then given `cpu_work` units of work. Every model calls this on
/// every response it receives, where that model would naturally process a page.
pub fn judge_body(target: &JobTarget, status: u16, body: &[u8], cpu_work: u32) -> Fetch {
    judge_body_with(target, status, body, cpu_work, &mut || {})
}

/// The same, with a checkpoint after every unit of work (see [`cpu_work_with`]).
pub fn judge_body_with(
    target: &JobTarget,
    status: u16,
    body: &[u8],
    cpu_work: u32,
    checkpoint: &mut dyn FnMut(),
) -> Fetch {
    let size = target.size;
    match ErrorKind::from_status(status) {
        None => match body_matches(target.id, size, body) {
            Ok(()) => Fetch::Ok {
                status,
                bytes: body.len() as u64,
                work: cpu_work_with(body, cpu_work, checkpoint),
            },
            Err(kind) => Fetch::failed(
                kind,
                format!("{} of {size} bytes, status {status}", body.len()),
            ),
        },
        Some(ErrorKind::Other) => {
            Fetch::failed(ErrorKind::Other, format!("unexpected status {status}"))
        }
        Some(kind) => Fetch::failed(kind, format!("status {status}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::work::cpu_work;

    #[test]
    fn bodies_are_deterministic_and_sized() {
        // Its first line, and its last cut short, as any process (or port) makes them.
        let body = expected_body(7, 1000);
        assert_eq!(body.len(), 1000);
        assert_eq!(
            &body[..64],
            b"00000007 00000000 lass=\"item\">lorem ipsum <b>dolor</b> sit amet\n"
        );
        assert_eq!(&body[960..], b"00000007 0000000f em ipsum <b>dolor</b> ");
        assert_eq!(expected_body(7, 0).len(), 0);
        assert_ne!(expected_body(7, 1000), expected_body(8, 1000));
        assert!(expected_body(3, 64).starts_with(b"00000003 00000000 "));
    }

    #[test]
    fn line_headers_are_the_ids_in_hex() {
        for (id, line) in [
            (0, 0),
            (7, 1),
            (0xdead_beef, 0x0123_4567),
            (u32::MAX, 1 << 20),
        ] {
            let mut out = [0u8; LINE_BYTES];
            write_line(id, line, &mut out);
            assert_eq!(&out[..18], format!("{id:08x} {line:08x} ").as_bytes());
        }
    }

    #[test]
    fn verification_accepts_the_real_body() {
        for size in [0, 1, 63, 64, 65, 16 * 1024, 300 * 1024 + 5] {
            assert_eq!(body_matches(42, size, &expected_body(42, size)), Ok(()));
        }
    }

    #[test]
    fn verification_rejects_a_changed_byte_anywhere() {
        let good = expected_body(5, 4096);
        for position in [0, 17, 18, 63, 64, 2000, 4095] {
            let mut bad = good.clone();
            bad[position] ^= 0x01;
            assert_eq!(
                body_matches(5, 4096, &bad),
                Err(ErrorKind::BodyMismatch),
                "byte {position}"
            );
        }
    }

    #[test]
    fn verification_tells_short_from_wrong() {
        let good = expected_body(5, 4096);
        assert_eq!(
            body_matches(5, 4096, &good[..4000]),
            Err(ErrorKind::Truncated)
        );
        assert_eq!(body_matches(6, 4096, &good), Err(ErrorKind::BodyMismatch));
        let mut long = good.clone();
        long.push(b'x');
        assert_eq!(body_matches(5, 4096, &long), Err(ErrorKind::BodyMismatch));
    }

    #[test]
    fn statuses_map_to_error_kinds() {
        let target = JobTarget {
            id: 1,
            url: String::new(),
            size: 10,
        };
        let ok = judge_body(&target, 200, &expected_body(1, 10), 0);
        assert!(
            matches!(
                ok,
                Fetch::Ok {
                    status: 200,
                    bytes: 10,
                    ..
                }
            ),
            "{ok:?}"
        );
        assert_eq!(
            judge_body(&target, 404, b"", 0).error_kind(),
            Some(ErrorKind::Http4xx)
        );
        assert_eq!(
            judge_body(&target, 418, b"", 0).error_kind(),
            Some(ErrorKind::Http4xx)
        );
        assert_eq!(
            judge_body(&target, 503, b"", 0).error_kind(),
            Some(ErrorKind::Http5xx)
        );
        assert_eq!(
            judge_body(&target, 200, b"short", 0).error_kind(),
            Some(ErrorKind::Truncated)
        );
    }

    #[test]
    fn a_verified_body_carries_its_work() {
        let target = JobTarget {
            id: 4,
            url: String::new(),
            size: 500,
        };
        let body = expected_body(4, 500);
        let Fetch::Ok { work, .. } = judge_body(&target, 200, &body, 7) else {
            panic!()
        };
        assert_eq!(work, cpu_work(&body, 7));
    }

    #[test]
    fn work_on_a_known_body_pins_the_definition_for_other_languages() {
        // The Python port checks the same value.
        assert_eq!(
            cpu_work(&expected_body(7, 1000), 3),
            4_150_934_437_257_958_450
        );
    }
}
