//! Where a run's core-seconds went: the model's CPU (its run, and its start-up and exit apart),
//! the mock server's, the harness's, the rest of the machine's, and what no one used, against
//! what the machine's cores could give over the worker's life.

use fanout_core::results::RunRecord;

/// One run's CPU, by who spent it, over the worker's life, in ms of CPU time.
#[derive(Clone, Debug, PartialEq)]
pub struct Budget {
    /// The interval every part was spent in, in ms: the worker's life as the harness saw it,
    /// or, in files written before that was recorded, the model's wall time.
    pub elapsed_ms: f64,
    /// Whether `elapsed_ms` is the worker's whole life (`false`: the model's wall time).
    pub whole_life: bool,
    /// The model's wall time, in ms.
    pub wall_ms: f64,
    /// The ideal makespan, in ms.
    pub ideal_ms: f64,
    /// The model's CPU over its run (the interval of its wall time), or its whole process's
    /// where the run's own was not measured.
    pub model_ms: f64,
    /// Whether `model_ms` is the run's own CPU (`false`: the whole process's, start-up in it).
    pub run_measured: bool,
    /// The model's CPU outside its run: process and interpreter start-up, imports, exit;
    /// `None` where the run's own CPU was not measured apart, or the worker's whole life was
    /// not recorded (start-up then lies outside the interval drawn).
    pub model_outside_ms: Option<f64>,
    /// The mock server's CPU over the run; `None` where the server did not say.
    pub server_ms: Option<f64>,
    /// The harness's own CPU while the worker ran (sampling `/proc`).
    pub harness_ms: Option<f64>,
    /// The rest of the machine's CPU over the same interval.
    pub others_ms: Option<f64>,
}

impl Budget {
    /// The budget of `run`.
    pub fn of(run: &RunRecord) -> Self {
        let process = run.cpu_user_ms + run.cpu_sys_ms;
        let own = run.run_cpu_ms();
        Self {
            elapsed_ms: run.worker_elapsed_ms.unwrap_or(run.wall_ms),
            whole_life: run.worker_elapsed_ms.is_some(),
            wall_ms: run.wall_ms,
            ideal_ms: run.ideal_ms,
            model_ms: own.unwrap_or(process),
            run_measured: own.is_some(),
            // Start-up and exit lie outside the wall time, so only a run that recorded the
            // worker's whole life can count them.
            model_outside_ms: own
                .filter(|_| run.worker_elapsed_ms.is_some())
                .map(|own| (process - own).max(0.0)),
            server_ms: run.server_cpu_ms,
            harness_ms: run.harness_cpu_ms,
            others_ms: run.others_cpu_ms,
        }
    }

    /// Every core-ms the machine's `cores` could give over `elapsed_ms`.
    pub fn capacity_ms(&self, cores: usize) -> f64 {
        cores as f64 * self.elapsed_ms
    }

    /// CPU spent by everyone, in ms.
    pub fn spent_ms(&self) -> f64 {
        self.model_ms
            + self.model_outside_ms.unwrap_or(0.0)
            + self.server_ms.unwrap_or(0.0)
            + self.harness_ms.unwrap_or(0.0)
            + self.others_ms.unwrap_or(0.0)
    }

    /// What no one used of `cores` over the interval, in ms (0 where the parts, measured over
    /// slightly different intervals, add up to more).
    pub fn idle_ms(&self, cores: usize) -> f64 {
        (self.capacity_ms(cores) - self.spent_ms()).max(0.0)
    }

    /// The model's and the server's CPU together, over what the cores give in the ideal time:
    /// above 1, this run could not have finished in the ideal time on these cores with the CPU
    /// it and the server spent, however the work overlapped. At or below 1 it says nothing of
    /// moments within the run when the cores were short.
    pub fn ideal_load(&self, cores: usize) -> Option<f64> {
        let both = self.model_ms + self.server_ms?;
        (self.ideal_ms > 0.0).then(|| both / (cores as f64 * self.ideal_ms))
    }
}

#[cfg(test)]
mod tests {
    use super::Budget;
    use fanout_core::results::RunRecord;

    #[test]
    fn the_parts_and_the_idle_add_up_to_the_cores() {
        let run = RunRecord {
            wall_ms: 100.0,
            ideal_ms: 50.0,
            worker_elapsed_ms: Some(120.0),
            cpu_user_ms: 60.0,
            cpu_sys_ms: 20.0,
            run_cpu_user_ms: Some(40.0),
            run_cpu_sys_ms: Some(10.0),
            server_cpu_ms: Some(70.0),
            harness_cpu_ms: Some(5.0),
            others_cpu_ms: Some(15.0),
            ..RunRecord::default()
        };
        let budget = Budget::of(&run);
        assert_eq!(budget.model_ms, 50.0);
        assert_eq!(budget.model_outside_ms, Some(30.0));
        assert_eq!(budget.spent_ms(), 170.0);
        assert_eq!(budget.idle_ms(2), 70.0);
        assert_eq!(budget.spent_ms() + budget.idle_ms(2), budget.capacity_ms(2));
        // 50 ms of the model's and 70 of the server's against 2 cores for 50 ms.
        assert_eq!(budget.ideal_load(2), Some(1.2));
    }

    #[test]
    fn without_the_workers_life_start_up_is_left_out() {
        let run = RunRecord {
            wall_ms: 100.0,
            cpu_user_ms: 60.0,
            run_cpu_user_ms: Some(40.0),
            run_cpu_sys_ms: Some(0.0),
            ..RunRecord::default()
        };
        let budget = Budget::of(&run);
        assert_eq!((budget.model_ms, budget.model_outside_ms), (40.0, None));
    }

    #[test]
    fn an_older_run_counts_its_whole_process_over_its_wall_time() {
        let run = RunRecord {
            wall_ms: 100.0,
            cpu_user_ms: 60.0,
            cpu_sys_ms: 20.0,
            ..RunRecord::default()
        };
        let budget = Budget::of(&run);
        assert_eq!((budget.model_ms, budget.model_outside_ms), (80.0, None));
        assert!(!budget.whole_life);
        assert_eq!(budget.capacity_ms(2), 200.0);
    }
}
