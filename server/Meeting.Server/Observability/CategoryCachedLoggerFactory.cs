using System.Collections.Concurrent;
namespace Meeting.Server.Observability;

/// <summary>
/// Hands out one logger per category, as Microsoft's own factory does. Serilog's factory builds a new
/// logger (with its own event-id cache and enricher) on every call, and SignalR, its connection layer and
/// every authentication handler ask for one per connection: three loggers that each idle connection kept
/// alive, about 2 KB of it.
/// </summary>
internal sealed class CategoryCachedLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    /// <summary>Wraps the last <see cref="ILoggerFactory"/> registered (Serilog's, from <c>AddSerilog</c>).</summary>
    public static IServiceCollection Decorate(IServiceCollection services)
    {
        var registered = services.LastOrDefault(service => service.ServiceType == typeof(ILoggerFactory) && service.ImplementationFactory is not null)
            ?? throw new InvalidOperationException("Register the logger factory (AddSerilog) before caching its loggers.");
        services.Remove(registered);
        services.Add(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new CategoryCachedLoggerFactory((ILoggerFactory)registered.ImplementationFactory!(provider))));
        return services;
    }

    public ILogger CreateLogger(string categoryName)
        => _loggers.TryGetValue(categoryName, out var logger) ? logger : _loggers.GetOrAdd(categoryName, Create);

    private ILogger Create(string categoryName)
        => categoryName == HubCallActivities.DispatcherCategory ? new HubCallActivities(inner.CreateLogger(categoryName)) : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The container disposes only what it built, this wrapper; the wrapped factory flushes the sinks.</summary>
    public void Dispose() => inner.Dispose();
}
