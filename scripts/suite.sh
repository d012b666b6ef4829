# The suites that scripts/regen-results.sh measures. Each part is one `fanout run` and one
# results file in results/runs/: its name, then the arguments it runs with. A part runs every
# model (`sequential` always at concurrency 1) unless it names its own --models, with the
# suite's repeat count unless it names its own --repeat. `--models all` includes the Python
# models when scripts/python/setup.sh has been run; parts that name Python models (py-*) run
# only then; `--models rust` leaves them out. Python is slow at CPU work (about 70 times slower
# than Rust at this one), so its CPU comparison uses 30 units a page, not the cpu workload's 600.
#
# Workloads without --concurrency use their own sweep (see fixtures/workloads/*.toml): the
# seeds' workloads at the concurrency of the seed's own programs.

# About 9 minutes on 2 cores (with the Python models set up).
standard_repeat=3
standard=(
  "quick        --workload quick --concurrency 10,30,100"
  "seeds        --workload flags-20,sites-20,google-6 --models sequential,threads,rayon,spawn-blocking,tokio,tokio-current-thread,async-std,smol,gil-threads"
  "cpu          --workload cpu --models rust"
  "cooperative  --workload quick --concurrency 100 --cpu-work 0,300,1000 --models threads,tokio,tokio-current-thread,gil-threads"
  "python-cpu   --workload cpu --concurrency 100 --cpu-work 30 --models sequential,threads,tokio,tokio-current-thread,gil-threads,processes,py-sequential,py-threads,py-asyncio,py-executor --repeat 1"
)

# About 1 minute: a first look.
small_repeat=1
small=(
  "quick     --workload quick --concurrency 10,100"
)

# About 25 minutes: every model at concurrency 1 too, and five repeats.
large_repeat=5
large=(
  "quick        --workload quick --concurrency 1,3,10,30,100"
  "seeds        --workload flags-20,sites-20,google-6 --concurrency 1,5,20"
  "cpu          --workload cpu --concurrency 1,2,4,100 --models rust"
  "cooperative  --workload quick --concurrency 100 --cpu-work 0,30,100,300,1000,3000"
  "faults       --workload faults"
)
