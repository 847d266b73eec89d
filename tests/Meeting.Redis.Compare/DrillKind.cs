namespace Meeting.Redis.Compare;

/// <summary>The faults a drill injects into the topology.</summary>
internal enum DrillKind
{
    /// <summary>SIGKILL of the master; Sentinel promotes the replica.</summary>
    Kill,

    /// <summary><c>SENTINEL FAILOVER</c>: the master is demoted while it still runs.</summary>
    Failover,

    /// <summary>Both data nodes killed, started again 10 s later (from their AOF); no failover can happen.</summary>
    BothDown,

    /// <summary>SIGKILL of the master, then, after the failover, the old master started again: it comes back as a master with its old data until Sentinel turns it into a replica.</summary>
    OldMaster,
}
