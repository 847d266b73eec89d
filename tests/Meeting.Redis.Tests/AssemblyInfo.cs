// The suite drives real servers and measures timeouts and failovers on a 2-core machine: classes run one at a time
// so that one class's load does not skew another's timings.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
