using Microsoft.Extensions.Options;

namespace Meeting.Server.SharedState;

/// <summary>The relations between the shared-state timers, checked at start-up: each timer is derived from
/// what it protects, so a setting that breaks the relation is refused rather than failing at run time.</summary>
internal sealed class SharedStateOptionsValidator : IValidateOptions<SharedStateOptions>
{
    /// <summary>The shortest renewal a home may be asked for: below it the renewals alone load Redis.</summary>
    public static readonly TimeSpan MinimumRenewInterval = TimeSpan.FromMilliseconds(100);

    public ValidateOptionsResult Validate(string? name, SharedStateOptions options)
    {
        var failures = new List<string>();
        if (options.HomeLease / SharedStateOptions.RenewalsPerLease < MinimumRenewInterval)
        {
            failures.Add($"HomeLease ({options.HomeLease}) must be at least {MinimumRenewInterval * SharedStateOptions.RenewalsPerLease}: the home renews it every third of it");
        }

        if (options.HomeLease >= options.RoomTtl)
        {
            failures.Add($"HomeLease ({options.HomeLease}) must be shorter than RoomTtl ({options.RoomTtl})");
        }

        if (options.HeartbeatInterval <= TimeSpan.Zero || options.ServerDeadAfter < 2 * options.HeartbeatInterval)
        {
            failures.Add($"ServerDeadAfter ({options.ServerDeadAfter}) must be at least twice HeartbeatInterval ({options.HeartbeatInterval}), so one late beat does not declare a server dead");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
