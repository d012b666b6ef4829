//! CPU time from the kernel's own accounting (`getrusage`): what this process has used, and what
//! the children it has waited for used. The worker reads it around a model's run, so that a run's
//! CPU covers the same interval as its wall time; the mock server and the harness read their own,
//! and the harness reads a reaped worker's from `wait4` through the same conversion.

/// User and system CPU time, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CpuTime {
    /// User CPU time, in milliseconds.
    pub user_ms: f64,
    /// System CPU time, in milliseconds.
    pub sys_ms: f64,
}

impl CpuTime {
    /// This process, every thread of it, so far.
    pub fn this_process() -> CpuTime {
        usage(libc::RUSAGE_SELF)
    }

    /// The calling thread alone, so far.
    pub fn this_thread() -> CpuTime {
        usage(libc::RUSAGE_THREAD)
    }

    /// This process and every child (and their children) it has waited for, so far: a model
    /// that starts processes and waits for them within its run has their CPU counted in it.
    pub fn this_process_and_children() -> CpuTime {
        let own = usage(libc::RUSAGE_SELF);
        let children = usage(libc::RUSAGE_CHILDREN);
        CpuTime {
            user_ms: own.user_ms + children.user_ms,
            sys_ms: own.sys_ms + children.sys_ms,
        }
    }

    /// The CPU time spent between `earlier` and this reading.
    pub fn since(self, earlier: CpuTime) -> CpuTime {
        CpuTime {
            user_ms: (self.user_ms - earlier.user_ms).max(0.0),
            sys_ms: (self.sys_ms - earlier.sys_ms).max(0.0),
        }
    }

    /// User and system together.
    pub fn total_ms(self) -> f64 {
        self.user_ms + self.sys_ms
    }

    /// The CPU time in a resource usage the kernel reported: `getrusage`'s, or `wait4`'s for a
    /// child it reaped.
    pub fn from_rusage(usage: &libc::rusage) -> CpuTime {
        CpuTime {
            user_ms: timeval_ms(usage.ru_utime),
            sys_ms: timeval_ms(usage.ru_stime),
        }
    }
}

/// Milliseconds in a `timeval`.
fn timeval_ms(time: libc::timeval) -> f64 {
    time.tv_sec as f64 * 1e3 + time.tv_usec as f64 / 1e3
}

fn usage(who: libc::c_int) -> CpuTime {
    // SAFETY: rusage is plain old data; getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(who, &mut usage);
        usage
    };
    CpuTime::from_rusage(&usage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_loop_shows_in_this_process_and_a_waited_child_in_the_children() {
        let before = CpuTime::this_process_and_children();
        // Spun until this thread has had 30 ms of CPU, however long a loaded machine takes to
        // give it; the process's share may round a little short of the thread's own.
        let mut value = 1u64;
        while CpuTime::this_thread().total_ms() < 30.0 {
            value = std::hint::black_box(value.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
        let own = CpuTime::this_process().since(before);
        assert!(own.total_ms() > 20.0, "{own:?}");
        // A child that burns CPU and is waited for: counted only with the children.
        let own_before = CpuTime::this_process();
        let status = std::process::Command::new("sh")
            .args(["-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"])
            .status()
            .expect("sh runs");
        assert!(status.success());
        let with_children = CpuTime::this_process_and_children().since(before);
        let own_after = CpuTime::this_process().since(own_before);
        assert!(
            with_children.total_ms() > own.total_ms() + own_after.total_ms() + 5.0,
            "{with_children:?} against {own:?} + {own_after:?}"
        );
    }
}
