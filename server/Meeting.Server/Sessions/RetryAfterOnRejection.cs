using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Meeting.Server.Sessions;

/// <summary>Every 429 of the rate limiter says when to come back (<c>Retry-After</c>, RFC 9110 §10.2.3),
/// so that a well-behaved client waits instead of hammering.</summary>
internal static class RetryAfterOnRejection
{
    private static readonly TimeSpan Fallback = TimeSpan.FromSeconds(60);

    public static ValueTask WriteAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Fallback;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ValueTask.CompletedTask;
    }
}
