namespace Meeting.Redis.Internal;

/// <summary>
/// Completes the callers of one read batch on a thread-pool thread, one work item per batch rather than one per
/// reply. The read loop never runs callers' continuations, so a slow or blocking continuation cannot stall reading;
/// the continuations of one batch run one after another on the work item.
/// </summary>
internal sealed class CompletionBatch : IThreadPoolWorkItem
{
    private readonly PendingCommand[] _owners;
    private readonly RedisReply[]? _replies;
    private readonly Exception[]? _errors;

    private CompletionBatch(PendingCommand[] owners, RedisReply[]? replies, Exception[]? errors)
    {
        _owners = owners;
        _replies = replies;
        _errors = errors;
    }

    public static void Complete(PendingCommand[] owners, RedisReply[] replies) =>
        ThreadPool.UnsafeQueueUserWorkItem(new CompletionBatch(owners, replies, null), preferLocal: false);

    public static void Fail(PendingCommand[] owners, Exception[] errors) =>
        ThreadPool.UnsafeQueueUserWorkItem(new CompletionBatch(owners, null, errors), preferLocal: false);

    public void Execute()
    {
        for (var i = 0; i < _owners.Length; i++)
        {
            if (_replies is not null)
            {
                _owners[i].Complete(_replies[i]);
            }
            else
            {
                _owners[i].Fail(_errors![i]);
            }
        }
    }
}
