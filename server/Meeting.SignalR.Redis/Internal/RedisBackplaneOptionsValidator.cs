using Microsoft.Extensions.Options;

namespace Meeting.SignalR.Redis.Internal;

/// <summary>Reports <see cref="RedisBackplaneOptions.Validate"/>'s complaint through the options system, so it can fail at start.</summary>
internal sealed class RedisBackplaneOptionsValidator : IValidateOptions<RedisBackplaneOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisBackplaneOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
