# The suites that scripts/regen-results.sh measures. Each part is one `fanout run` and one
# results file in results/runs/: its name, then the arguments it runs with. A part runs every
# model (`sequential` always at concurrency 1) unless it names its own --models (`fanout list`
# names them all; `rust` and `all` follow the model registry, so a new model joins by itself), with the
# suite's repeat count unless it names its own --repeat. `--models all` includes the Python
# models when scripts/python/setup.sh has been run (and their -gil and -nogil rows when
# `setup.sh --free-threaded` has); parts that name Python models (py-*) run only then, less
# the -gil and -nogil ones without the free-threaded set-up; `--models rust` leaves them out. Python is slow at CPU work (about 75 times slower
# than Rust at this one), so its CPU comparison uses 30 units a page, not the cpu workload's 600.
#
# Workloads without --concurrency use their own sweep (see fixtures/workloads/*.toml): the
# seeds' workloads at the concurrency of the seed's own programs.

# About 35 minutes on 2 cores with both Python set-ups (`scripts/python/setup.sh` and
# `setup.sh --free-threaded`); parts or models that need a set-up that is missing are left out.
# `gil` runs lesson 2's experiment: the same Python program with 1, 2 and 4 threads, with the
# GIL forced on and off on the free-threaded build and on the default interpreter (`cpu` runs
# Rust's threads beside it at the same thread counts); `to-thread` hands each page's work to
# `asyncio.to_thread` (lesson 6). `clients` runs one model per
# HTTP client stack one request at a time (ureq, reqwest, hyper through smol-hyper, requests,
# aiohttp, urllib), seven times, as runs this short vary a lot on a shared machine; `one-core`
# runs every Rust model with its worker pinned to CPU 0 and the mock server to CPU 1, as on a
# one-core machine beside its server; `memory` holds 100 and 400 requests out for a second each
# and reads what `threads`' and `tokio`'s memory is made of at its peak (lesson 4), in runs of
# their own, as reading a worker's memory map slows the threads it makes.
standard_repeat=3
standard=(
  "quick        --workload quick --concurrency 10,30,100"
  "seeds        --workload flags-20,sites-20,google-6 --models rust"
  "cpu          --workload cpu --concurrency 1,2,4,100 --models rust"
  "cooperative  --workload quick --concurrency 100 --cpu-work 300,1000 --models threads,tokio,tokio-current-thread,gil-threads"
  "python-cpu   --workload cpu --concurrency 100 --cpu-work 30 --models sequential,threads,tokio,tokio-current-thread,gil-threads,processes,py-sequential,py-threads,py-asyncio,py-executor,py-processes,py-threads-gil,py-threads-nogil"
  "gil          --workload cpu --concurrency 1,2,4 --cpu-work 30 --models py-threads-gil,py-threads-nogil,py-threads,py-processes"
  "to-thread    --workload quick --concurrency 100 --cpu-work 10 --models py-asyncio,py-asyncio-to-thread,py-asyncio-to-thread-gil,py-asyncio-to-thread-nogil"
  "clients      --workload clients --models sequential,tokio,smol,py-sequential,py-asyncio,py-executor --repeat 7"
  "one-core     --workload quick,cpu --concurrency 100 --models rust --pin-workers 0 --pin-server 1"
  "memory       --workload hold --concurrency 100,400 --models threads,tokio --memory-parts"
)

# About 26 minutes on 2 cores without the free-threaded set-up, so opt-in:
# `scripts/regen-results.sh scale`; with it, the -gil and -nogil rows make the c10k part alone
# take about 38 minutes. Runs that fail there (rayon's, at its deadline) are results, recorded
# as failed: the suite goes on past them. Its results sit
# beside the standard suite's (each suite rewrites only its own files). Ten thousand URLs at up
# to ten thousand in flight, against a mock server of two wiremock instances (one per core);
# runs whose ideal time at the most requests a model keeps in flight is over 120 s are recorded
# as not run (sequential would take 2.8 hours on c10k). Then the same model at 10,000 against
# one and four instances, and the client ceiling next to wrk (`ceiling` runs scripts/ceiling.sh).
scale_repeat=3
scale=(
  "c10k         --workload c10k --concurrency 1000,10000 --server-instances 2 --max-ideal-s 120"
  "c10k-sweep   --workload c10k --concurrency 2000,5000 --server-instances 2 --max-ideal-s 120 --repeat 1"
  "crawl-10k    --workload crawl-10k --server-instances 2 --max-ideal-s 120 --repeat 1"
  "servers-1    --workload c10k --concurrency 10000 --models tokio,tokio-current-thread,smol --server-instances 1"
  "servers-4    --workload c10k --concurrency 10000 --models tokio,tokio-current-thread,smol --server-instances 4"
  "ceiling      scripts/ceiling.sh"
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
