//! Runs not worth starting: those that would fail as a lower level of theirs did, and those
//! whose ideal time at the most requests the model keeps in flight is over the limit.

use std::time::Duration;

use fanout_core::in_flight::most_in_flight;

/// Why a run is to be recorded as not run instead of started, if it is.
///
/// - `model` already failed this cell at `failed_at`, a level no higher than `concurrency`:
///   this run would fail the same way, only slower (a model killed at its deadline would cost
///   the deadline every time).
/// - Its ideal time, `ideal_ms` at the most requests it keeps in flight (`in_flight_cap` or
///   `concurrency`, whichever is lower), is over `max_ideal`: it could not finish sooner.
pub(crate) fn skip_reason(
    model: &str,
    failed_at: Option<usize>,
    max_ideal: Option<Duration>,
    in_flight_cap: Option<usize>,
    concurrency: usize,
    ideal_ms: impl Fn(usize) -> f64,
) -> Option<String> {
    if let Some(lower) = failed_at.filter(|&lower| lower <= concurrency) {
        return Some(format!("not run: {model} failed at concurrency {lower}"));
    }
    let max = max_ideal?;
    let in_flight = most_in_flight(concurrency, in_flight_cap);
    let capped_ideal = ideal_ms(in_flight);
    (capped_ideal > max.as_secs_f64() * 1e3).then(|| {
        format!(
            "not run: {model} keeps at most {in_flight} {} in flight, so its ideal \
             time is {:.0} s, over the {} s allowed",
            if in_flight == 1 {
                "request"
            } else {
                "requests"
            },
            capped_ideal / 1e3,
            max.as_secs()
        )
    })
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    /// 100 requests of a second each, spread evenly over those in flight.
    fn ideal_ms(in_flight: usize) -> f64 {
        100_000.0 / in_flight as f64
    }

    #[test]
    fn a_run_with_nothing_against_it_is_started() {
        assert_eq!(skip_reason("m", None, None, None, 10, ideal_ms), None);
        let plenty = Some(Duration::from_secs(60));
        assert_eq!(skip_reason("m", None, plenty, None, 10, ideal_ms), None);
        assert_eq!(skip_reason("m", None, plenty, Some(4), 10, ideal_ms), None);
    }

    #[test]
    fn a_failure_at_a_lower_or_equal_level_skips_the_run() {
        for failed_at in [1, 5, 10] {
            let reason = skip_reason("m", Some(failed_at), None, None, 10, ideal_ms).unwrap();
            assert_eq!(
                reason,
                format!("not run: m failed at concurrency {failed_at}")
            );
        }
    }

    #[test]
    fn a_failure_only_at_a_higher_level_does_not_skip_the_run() {
        assert_eq!(skip_reason("m", Some(50), None, None, 10, ideal_ms), None);
        let plenty = Some(Duration::from_secs(60));
        assert_eq!(skip_reason("m", Some(50), plenty, None, 10, ideal_ms), None);
    }

    #[test]
    fn the_ideal_limit_judges_a_capped_model_at_its_cap() {
        let asked = Cell::new(None);
        let ideal = |in_flight| {
            asked.set(Some(in_flight));
            ideal_ms(in_flight)
        };
        let limit = Some(Duration::from_secs(10));

        // At 100 in flight the ideal is 1 s, but a model capped at 2 takes 50.
        let reason = skip_reason("m", None, limit, Some(2), 100, ideal).unwrap();
        assert_eq!(asked.get(), Some(2));
        assert_eq!(
            reason,
            "not run: m keeps at most 2 requests in flight, so its ideal time is 50 s, \
             over the 10 s allowed"
        );

        assert_eq!(skip_reason("m", None, limit, None, 100, ideal), None);
        assert_eq!(asked.get(), Some(100));
        assert_eq!(skip_reason("m", None, limit, Some(200), 100, ideal), None);
        assert_eq!(asked.get(), Some(100));
    }
}
