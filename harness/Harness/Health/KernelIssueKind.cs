namespace HilHarness.Health;

/// <summary>The kinds of kernel trouble a test must not cause; each fails the test as KernelHealth.</summary>
public enum KernelIssueKind
{
    /// <summary>WARN()/WARN_ON(): "WARNING: CPU: … at file:line func".</summary>
    Warning,
    /// <summary>BUG()/BUG_ON() and "BUG: unable to handle …", "BUG: sleeping function called …".</summary>
    Bug,
    /// <summary>"Oops", "Internal error: Oops", "Unable to handle kernel …", "Kernel panic".</summary>
    Oops,
    /// <summary>KASAN (and the other sanitizers: KFENCE, KCSAN, UBSAN).</summary>
    Kasan,
    /// <summary>lockdep: possible deadlocks, circular dependencies, bad unlock balance.</summary>
    Lockdep,
    /// <summary>"rcu: INFO: rcu_sched self-detected stall", "rcu_preempt detected stalls".</summary>
    RcuStall,
    /// <summary>"INFO: task X blocked for more than N seconds."</summary>
    HungTask,
    /// <summary>"refcount_t: underflow; use-after-free." and friends.</summary>
    Refcount,
    /// <summary>kmemleak's scan summary "kmemleak: N new suspected memory leaks (see /sys/kernel/debug/kmemleak)"
    /// (mm/kmemleak.c): memory the kernel allocated and lost (E7).</summary>
    MemoryLeak,
}
